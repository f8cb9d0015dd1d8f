package com.shanfu.portal.application;

import java.time.Instant;
import java.util.Map;

/**
 * What happened to an application, in the past tense. The use-case services publish these inside their transaction;
 * {@link ApplicationJournal} (history and the applicant's SMS and email) and {@link ApplicationAuditTrail} (the audit
 * log) listen in the same transaction, so a change and its records commit or roll back together.
 */
public sealed interface ApplicationChange {

    Application application();

    /** Who did it: a username, {@code system} (the background checks and rules) or {@code tms}. */
    String actor();

    Instant at();

    /** The history's note for this step; null for none. */
    default String note() {
        return null;
    }

    /** Whether the history records a step (a status change or a device swap) and the applicant is told. */
    default boolean journaled() {
        return true;
    }

    record ApplicationSubmitted(Application application, String actor, Instant at) implements ApplicationChange {}

    record VerificationStarted(Application application, String actor, Instant at) implements ApplicationChange {}

    /** The checks passed and the rules left it to staff: it waits for the call. */
    record CallAwaited(Application application, String actor, Instant at) implements ApplicationChange {}

    record ApplicationWithdrawn(Application application, String actor, Instant at) implements ApplicationChange {}

    /** Rejected by staff ({@code before} is the audit snapshot) or by the rules ({@code before} null, not audited). */
    record ApplicationRejected(
            Application application, String actor, Instant at, String reason, Map<String, Object> before)
            implements ApplicationChange {

        @Override
        public String note() {
            return reason;
        }
    }

    record InfoRequested(Application application, String actor, Instant at, String question, Map<String, Object> before)
            implements ApplicationChange {

        @Override
        public String note() {
            return question;
        }
    }

    record InfoAnswered(Application application, String actor, Instant at) implements ApplicationChange {}

    /** The first of the two approvals the four-eyes rule asks for: audited, the status unchanged, nobody told. */
    record FirstApprovalGiven(Application application, String actor, Instant at, Map<String, Object> before)
            implements ApplicationChange {

        @Override
        public boolean journaled() {
            return false;
        }
    }

    /** Approved by staff or, with {@code byRules}, by the risk rules: the merchant exists in the TMS and Keycloak. */
    record ApplicationApproved(
            Application application, String actor, Instant at, boolean byRules, Map<String, Object> before)
            implements ApplicationChange {

        @Override
        public String note() {
            return application.getMerchantMid();
        }
    }

    record DeviceShipped(Application application, String actor, Instant at, Shipment shipment)
            implements ApplicationChange {

        @Override
        public String note() {
            return shipment.getCourier() + " " + shipment.getTrackingNumber();
        }
    }

    record DeviceDelivered(Application application, String actor, Instant at, Shipment shipment)
            implements ApplicationChange {}

    /** A broken or lost device swapped: the status stays, the history and the audit log keep both serials. */
    record DeviceReplaced(
            Application application, String actor, Instant at, String oldSerial, Shipment shipment, String reason)
            implements ApplicationChange {

        @Override
        public String note() {
            return "replacement " + shipment.getSerial() + " for " + oldSerial + ", " + shipment.getCourier() + " "
                    + shipment.getTrackingNumber();
        }
    }

    /** The TMS reports the device active. */
    record DeviceActivated(Application application, String actor, Instant at, String tid) implements ApplicationChange {

        @Override
        public String note() {
            return tid;
        }
    }
}
