package com.shanfu.portal.application;

/** An application's life: submitted → approved / rejected → shipped → activated. */
public enum ApplicationStatus {
    SUBMITTED, APPROVED, REJECTED, SHIPPED, ACTIVATED;

    public boolean open() {
        return this == SUBMITTED || this == APPROVED || this == SHIPPED;
    }

    public String messageKey() {
        return "status." + name().toLowerCase();
    }
}
