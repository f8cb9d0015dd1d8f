package com.shanfu.portal.verification;

import java.util.List;

/**
 * Identity verification against the banks' records: do this name, ID number and phone belong to the holder of this
 * card ("four elements"; without the phone, the three-element check). The adapter is {@link HttpIdentityVerifier}.
 */
public interface IdentityVerifier {

    enum Result {
        CONSISTENT,
        INCONSISTENT,
        NO_RECORD
    }

    record Elements(String name, String idNumber, String cardNumber, String mobile) {}

    /** The bank's answer; {@code mismatched} names the elements that differ (name, idNumber, mobile). */
    record Verdict(Result result, List<String> mismatched, String cardType) {}

    /** @throws VerifierUnavailable when no answer could be had (network, timeout, the service's own error) */
    Verdict verify(Elements elements);

    class VerifierUnavailable extends RuntimeException {
        public VerifierUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
