package com.shanfu.protocol.crypto;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * ISO 9564-1 format 0 PIN blocks: PIN field {@code 0 ‖ length ‖ PIN ‖ F…} XOR PAN field {@code 0000 ‖ the 12
 * rightmost PAN digits excluding the check digit}. The clear block exists only inside the PIN pad and the security
 * module; on the wire it is encrypted under the PIN key.
 */
public final class PinBlock {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private PinBlock() {}

    public static byte[] format0(String pin, String pan) {
        if (pin == null || !pin.matches("\\d{4,12}")) {
            throw new IllegalArgumentException("a PIN has 4 to 12 digits");
        }
        String pinField = "0" + Integer.toHexString(pin.length()).toUpperCase() + pin;
        pinField = pinField + "F".repeat(16 - pinField.length());
        return xor(HEX.parseHex(pinField), panField(pan));
    }

    /** The PIN in a clear format 0 block, or refuses a block that is not format 0 for this PAN. */
    public static String pin(byte[] block, String pan) {
        String field = HEX.formatHex(xor(block, panField(pan)));
        int length = Character.digit(field.charAt(1), 16);
        if (field.charAt(0) != '0'
                || length < 4
                || length > 12
                || !field.substring(2, 2 + length).matches("\\d+")
                || !field.substring(2 + length).matches("F*")) {
            throw new IllegalArgumentException("not an ISO 9564 format 0 PIN block for this card");
        }
        return field.substring(2, 2 + length);
    }

    /**
     * The format 0 block of a PIN held as characters (as a PIN pad reads it), encrypted under the PIN key: no
     * {@code String} of the PIN is ever made, and the intermediate field is wiped.
     */
    public static byte[] encrypt(byte[] pinKey, char[] pin, String pan) {
        if (pin == null || pin.length < 4 || pin.length > 12) {
            throw new IllegalArgumentException("a PIN has 4 to 12 digits");
        }
        byte[] field = new byte[8];
        byte[] clear = null;
        try {
            field[0] = (byte) pin.length;
            for (int i = 0; i < 14; i++) {
                int nibble;
                if (i < pin.length) {
                    if (pin[i] < '0' || pin[i] > '9') {
                        throw new IllegalArgumentException("a PIN has 4 to 12 digits");
                    }
                    nibble = pin[i] - '0';
                } else {
                    nibble = 0xF;
                }
                int at = 1 + i / 2;
                field[at] = (byte) (i % 2 == 0 ? (nibble << 4) | (field[at] & 0x0F) : (field[at] & 0xF0) | nibble);
            }
            clear = xor(field, panField(pan));
            return Tdes.encrypt(pinKey, clear);
        } finally {
            Arrays.fill(field, (byte) 0);
            if (clear != null) {
                Arrays.fill(clear, (byte) 0);
            }
        }
    }

    public static byte[] encrypt(byte[] pinKey, String pin, String pan) {
        byte[] clear = format0(pin, pan);
        try {
            return Tdes.encrypt(pinKey, clear);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    private static byte[] panField(String pan) {
        if (pan == null || !pan.matches("\\d{13,19}")) {
            throw new IllegalArgumentException("PAN must have 13 to 19 digits");
        }
        return HEX.parseHex("0000" + pan.substring(pan.length() - 13, pan.length() - 1));
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
