package com.shanfu.portal.risk;

/**
 * One rule: when {@code condition} (a Spring expression over the application's facts, e.g.
 * {@code samePhoneApplications >= 3 and age < 25}) holds, add {@code score} and propose {@code decision}; a rejection
 * gives the applicant {@code reason} (Chinese) or {@code reasonEn}.
 */
public record RiskRule(String name, String condition, int score, Decision decision, String reason, String reasonEn) {

    /** Strongest first: one rejecting rule rejects; one reviewing rule keeps a person in the loop. */
    public enum Decision {
        AUTO_REJECT,
        MANUAL_REVIEW,
        AUTO_APPROVE,
        NONE
    }
}
