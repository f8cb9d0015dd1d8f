package com.shanfu.terminal.kernel;

/**
 * What a tap yields for the authorization request. {@code iccData} is field 55; {@code track2} is tag 57 as read.
 * The PAN stays in memory only as long as the transaction needs it.
 */
public record CardData(
        String pan,
        String panSequence,
        String expiryYymm,
        byte[] track2,
        byte[] iccData,
        String aid,
        String label,
        Cvm cvm) {

    public enum Cvm {
        NO_CVM,
        CDCVM,
        ONLINE_PIN
    }

    public String maskedPan() {
        return pan.substring(0, 6) + "*".repeat(pan.length() - 10) + pan.substring(pan.length() - 4);
    }
}
