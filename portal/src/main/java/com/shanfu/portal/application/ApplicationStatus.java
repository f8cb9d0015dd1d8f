package com.shanfu.portal.application;

import java.util.Set;

/**
 * An application's life: submitted → verifying → awaiting the staff call → approved / rejected → shipped →
 * delivered → activated; the applicant may withdraw until it is approved.
 */
public enum ApplicationStatus {
    SUBMITTED, VERIFYING, AWAITING_CALL, APPROVED, REJECTED, SHIPPED, DELIVERED, ACTIVATED, WITHDRAWN;

    public boolean open() {
        return this != REJECTED && this != ACTIVATED && this != WITHDRAWN;
    }

    /** Before approval nothing exists outside the portal yet, so the applicant can take the application back. */
    public boolean withdrawable() {
        return this == SUBMITTED || this == VERIFYING || this == AWAITING_CALL;
    }

    boolean mayMoveTo(ApplicationStatus next) {
        Set<ApplicationStatus> legal = switch (this) {
            case SUBMITTED -> Set.of(VERIFYING, WITHDRAWN);
            case VERIFYING -> Set.of(AWAITING_CALL, REJECTED, WITHDRAWN);
            case AWAITING_CALL -> Set.of(APPROVED, REJECTED, WITHDRAWN);
            case APPROVED -> Set.of(SHIPPED);
            case SHIPPED -> Set.of(DELIVERED);
            case DELIVERED -> Set.of(ACTIVATED);
            case REJECTED, ACTIVATED, WITHDRAWN -> Set.of();
        };
        return legal.contains(next);
    }

    public String messageKey() {
        return "status." + name().toLowerCase().replace('_', '-');
    }
}
