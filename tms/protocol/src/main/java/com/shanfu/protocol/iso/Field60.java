package com.shanfu.protocol.iso;

/**
 * Field 60 (CUP): 60.1 transaction type n2, 60.2 batch number n6, 60.3 network management code n3.
 */
public record Field60(String type, int batch, String networkCode) {

    public static final String SIGN_ON = "004";
    public static final String ECHO = "301";
    public static final String SETTLEMENT = "201";
    public static final String BATCH_UPLOAD_END = "207";
    public static final String TRANSACTION = "000";
    /** Parameter download (CUP): 370 list of CA public keys, 372 one key, 371 end; 380/382/381 the same for AIDs. */
    public static final String CA_KEY_LIST = "370";

    public static final String CA_KEY_END = "371";
    public static final String CA_KEY_DOWNLOAD = "372";
    public static final String AID_LIST = "380";
    public static final String AID_END = "381";
    public static final String AID_DOWNLOAD = "382";

    public Field60 {
        if (type == null || !type.matches("\\d{2}")) {
            throw new IllegalArgumentException("60.1 must be two digits");
        }
        if (batch < 0 || batch > 999_999) {
            throw new IllegalArgumentException("60.2 batch out of range");
        }
        if (networkCode == null || !networkCode.matches("\\d{3}")) {
            throw new IllegalArgumentException("60.3 must be three digits");
        }
    }

    public static Field60 parse(String value) {
        if (value == null || value.length() < 11 || !value.matches("\\d+")) {
            throw new IllegalArgumentException("field 60 must hold at least 11 digits");
        }
        return new Field60(value.substring(0, 2), Integer.parseInt(value.substring(2, 8)), value.substring(8, 11));
    }

    public String format() {
        return type + String.format("%06d", batch) + networkCode;
    }
}
