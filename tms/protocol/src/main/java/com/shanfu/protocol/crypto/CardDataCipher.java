package com.shanfu.protocol.crypto;

import com.shanfu.protocol.emv.Tlv;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;

/**
 * Card data on the wire (docs/protocol.md, "Card data"): field 35 of a purchase is an 8-byte random IV followed by
 * TDES-CBC under the sign-on's data key (TDK) of BER-TLV {@code 5A} (PAN, BCD, F-padded) and, when the card gave one,
 * {@code 57} (track 2 equivalent as read), padded by ISO 9797-1 method 2. Field 2 is not sent; a captured message
 * shows neither the PAN nor the track.
 */
public final class CardDataCipher {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV = 8;

    private CardDataCipher() {}

    /** What field 35 carries, once decrypted. */
    public record Clear(String pan, byte[] track2) {}

    public static byte[] encrypt(byte[] dataKey, String pan, byte[] track2) {
        if (pan == null || !pan.matches("\\d{12,19}")) {
            throw new IllegalArgumentException("PAN must be 12-19 digits");
        }
        ByteArrayOutputStream tlv = new ByteArrayOutputStream();
        String padded = pan.length() % 2 == 0 ? pan : pan + "F";
        tlv.writeBytes(Tlv.encodeOne("5A", java.util.HexFormat.of().parseHex(padded)));
        if (track2 != null) {
            tlv.writeBytes(Tlv.encodeOne("57", track2));
        }
        byte[] clear = pad(tlv.toByteArray());
        byte[] iv = new byte[IV];
        RANDOM.nextBytes(iv);
        try {
            byte[] out = Arrays.copyOf(iv, IV + clear.length);
            System.arraycopy(Tdes.cbc(Cipher.ENCRYPT_MODE, dataKey, iv, clear), 0, out, IV, clear.length);
            return out;
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    /** The PAN and track from field 35; refuses anything that does not decrypt to the layout above. */
    public static Clear decrypt(byte[] dataKey, byte[] field35) {
        if (field35 == null || field35.length < IV + 8 || (field35.length - IV) % 8 != 0) {
            throw new IllegalArgumentException("field 35 is not encrypted card data");
        }
        return parse(Tdes.cbc(Cipher.DECRYPT_MODE, dataKey, iv(field35), cryptogram(field35)));
    }

    /** The IV at the head of an encrypted field 35. */
    public static byte[] iv(byte[] field35) {
        if (field35 == null || field35.length < IV + 8 || (field35.length - IV) % 8 != 0) {
            throw new IllegalArgumentException("field 35 is not encrypted card data");
        }
        return Arrays.copyOf(field35, IV);
    }

    /** The TDES-CBC cryptogram after the IV of an encrypted field 35. */
    public static byte[] cryptogram(byte[] field35) {
        iv(field35);
        return Arrays.copyOfRange(field35, IV, field35.length);
    }

    /**
     * The card data in a decrypted field 35 (TLV 5A and 57, ISO 9797-1 padding method 2); the clear bytes are wiped.
     * Throws IllegalArgumentException when they are not that: the data key was not the one it was encrypted under.
     */
    public static Clear parse(byte[] clear) {
        try {
            int end = clear.length - 1;
            while (end >= 0 && clear[end] == 0) {
                end--;
            }
            if (end < 0 || clear[end] != (byte) 0x80) {
                throw new IllegalArgumentException("field 35 does not decrypt under this data key");
            }
            Tlv tlv = Tlv.parse(Arrays.copyOf(clear, end));
            if (!tlv.has("5A")) {
                throw new IllegalArgumentException("field 35 holds no PAN");
            }
            String pan = java.util.HexFormat.of()
                    .withUpperCase()
                    .formatHex(tlv.get("5A"))
                    .replace("F", "");
            if (!pan.matches("\\d{12,19}")) {
                throw new IllegalArgumentException("field 35 holds no valid PAN");
            }
            return new Clear(pan, tlv.has("57") ? tlv.get("57") : null);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("field 35 does not decrypt under this data key");
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    private static byte[] pad(byte[] data) {
        byte[] out = Arrays.copyOf(data, (data.length / 8 + 1) * 8);
        out[data.length] = (byte) 0x80;
        Arrays.fill(data, (byte) 0);
        return out;
    }
}
