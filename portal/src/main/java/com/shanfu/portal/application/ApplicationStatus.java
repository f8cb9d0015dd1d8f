package com.shanfu.portal.application;

import java.util.Set;

/**
 * An application's life: submitted → verifying → awaiting the staff call (⇄ information requested from the
 * applicant) → approved / rejected → shipped → delivered → activated; the applicant may withdraw until it is approved.
 * Verifying may lead straight to approved when the risk rules approve automatically.
 */
public enum ApplicationStatus {
    SUBMITTED,
    VERIFYING,
    AWAITING_CALL,
    INFO_REQUESTED,
    APPROVED,
    REJECTED,
    SHIPPED,
    DELIVERED,
    ACTIVATED,
    WITHDRAWN;

    public boolean open() {
        return this != REJECTED && this != ACTIVATED && this != WITHDRAWN;
    }

    /** Before approval nothing exists outside the portal yet, so the applicant can take the application back. */
    public boolean withdrawable() {
        return this == SUBMITTED || this == VERIFYING || this == AWAITING_CALL || this == INFO_REQUESTED;
    }

    boolean mayMoveTo(ApplicationStatus next) {
        Set<ApplicationStatus> legal = switch (this) {
            case SUBMITTED -> Set.of(VERIFYING, WITHDRAWN);
            case VERIFYING -> Set.of(AWAITING_CALL, APPROVED, REJECTED, WITHDRAWN);
            case AWAITING_CALL -> Set.of(INFO_REQUESTED, APPROVED, REJECTED, WITHDRAWN);
            case INFO_REQUESTED -> Set.of(AWAITING_CALL, REJECTED, WITHDRAWN);
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
