package com.shanfu.protocol.iso;

/** Field 39 answers used by the host (CUP/ISO 8583:1987 meanings). */
public final class ResponseCode {
    public static final String APPROVED = "00";
    public static final String DO_NOT_HONOUR = "05";
    public static final String INVALID_TRANSACTION = "12";
    public static final String INVALID_AMOUNT = "13";
    public static final String INVALID_CARD = "14";
    public static final String UNABLE_TO_LOCATE = "25";
    public static final String FORMAT_ERROR = "30";
    public static final String INSUFFICIENT_FUNDS = "51";
    public static final String EXPIRED_CARD = "54";
    public static final String WRONG_PIN = "55";
    public static final String LIMIT_EXCEEDED = "61";
    /** The cryptogram was used before (same ATC), or its ATC is far outside the card's window. */
    public static final String SECURITY_VIOLATION = "63";

    public static final String PIN_TRIES_EXCEEDED = "75";
    public static final String SYSTEM_ERROR = "96";
    public static final String TERMINAL_NOT_ALLOWED = "97";
    public static final String DUPLICATE = "94";
    public static final String MAC_ERROR = "A0";
    public static final String SIGN_ON_REQUIRED = "Z1";

    private ResponseCode() {}
}
