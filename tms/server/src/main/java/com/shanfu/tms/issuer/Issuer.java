package com.shanfu.tms.issuer;

/** The port to the card issuer: the built-in simulator here, a scheme or bank link in production. */
public interface Issuer {

    /**
     * Authorizes a chip sale. {@code currency} is field 49 (ISO 4217 numeric), {@code pin} is null when no online PIN
     * was entered, {@code reference} names the journal line (see {@code Txn.reference}) that any posting belongs to.
     */
    Authorization authorize(Card card, long amountFen, String currency, byte[] iccData, Pin pin, String reference);

    /** An online PIN as the issuer receives it: the format 0 block translated to the zone PIN key. */
    record Pin(byte[] encryptedBlock, com.shanfu.tms.keys.LmkKey zonePinKey) {}

    /** Gives back an amount (reversal, void, refund); the card is named by the keyed hash the journal keeps. */
    void reverse(String panHash, long amountFen, String reference);

    /**
     * Takes back an amount given back earlier (a void or refund that was itself reversed): a forced posting, made
     * even when the balance goes below zero, because the cardholder was never given the money.
     */
    void repost(String panHash, long amountFen, String reference);

    /** Card data from the terminal: PAN, PAN sequence number (5F34), expiry YYMM. */
    record Card(String pan, String panSequence, String expiryYymm) {
        public String scheme() {
            return CardScheme.of(pan);
        }

        public String masked() {
            return pan.substring(0, 6) + "*".repeat(pan.length() - 10) + pan.substring(pan.length() - 4);
        }
    }

    /**
     * The issuer's answer: field 39, an authorization code when approved, the ARPC for field 55 tag 91, the card type
     * (DEBIT or CREDIT; the merchant's fee depends on it) when the card is known, and why it declined (kept in the
     * journal; null when approved).
     */
    record Authorization(String responseCode, String authCode, byte[] arpc, String cardType, String declineReason) {
        static Authorization declined(String responseCode, String reason) {
            return new Authorization(responseCode, null, null, null, reason);
        }
    }
}
