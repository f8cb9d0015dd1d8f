package com.shanfu.protocol.emv;

import com.shanfu.protocol.crypto.Tdes;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.jpos.iso.ISOUtil;

/**
 * EMV application cryptograms, shared by the software cards (which compute the ARQC) and the issuer simulator
 * (which verifies it and answers an ARPC): EMV Book 2 Annex A1.4 (ICC master key derivation, option A),
 * A1.3.1 (common session key derivation) and 8.2 (ARPC method 1).
 */
public final class EmvCrypto {

    /** Tags whose values, in this order, are the ARQC input (EMV Book 2, 8.1.1 recommended minimum set). */
    public static final String[] ARQC_INPUT_TAGS = {
        "9F02", "9F03", "9F1A", "95", "5F2A", "9A", "9C", "9F37", "82", "9F36"
    };

    private EmvCrypto() {}

    /** Option A: Y = rightmost 16 digits of PAN || PSN; MK = TDES(IMK, Y) || TDES(IMK, Y xor FF..FF), odd parity. */
    public static byte[] cardMasterKey(byte[] issuerMasterKey, String pan, String panSequence) {
        String digits = pan + (panSequence == null ? "00" : panSequence);
        if (digits.length() < 16) {
            digits = "0".repeat(16 - digits.length()) + digits;
        }
        byte[] y = ISOUtil.hex2byte(digits.substring(digits.length() - 16));
        byte[] left = Tdes.encrypt(issuerMasterKey, y);
        byte[] right = Tdes.encrypt(issuerMasterKey, ISOUtil.xor(y, ISOUtil.hex2byte("FFFFFFFFFFFFFFFF")));
        byte[] mk = Arrays.copyOf(left, 16);
        System.arraycopy(right, 0, mk, 8, 8);
        return Tdes.withOddParity(mk);
    }

    /** Common session key from the ATC: R = ATC || 00 x 6 (EMV Book 2 A1.3.1). */
    public static byte[] sessionKey(byte[] cardMasterKey, byte[] atc) {
        byte[] r = new byte[8];
        System.arraycopy(atc, 0, r, 0, 2);
        return commonSessionKey(cardMasterKey, r);
    }

    /** Common session key derivation: SK = TDES(MK, R with byte 3 = F0) || TDES(MK, R with byte 3 = 0F). */
    public static byte[] commonSessionKey(byte[] cardMasterKey, byte[] r) {
        if (r.length != 8) {
            throw new IllegalArgumentException("R must be 8 bytes");
        }
        byte[] r1 = r.clone();
        byte[] r2 = r.clone();
        r1[2] = (byte) 0xF0;
        r2[2] = (byte) 0x0F;
        byte[] sk = Arrays.copyOf(Tdes.encrypt(cardMasterKey, r1), 16);
        System.arraycopy(Tdes.encrypt(cardMasterKey, r2), 0, sk, 8, 8);
        return Tdes.withOddParity(sk);
    }

    public static byte[] arqcInput(Tlv data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String tag : ARQC_INPUT_TAGS) {
            out.writeBytes(data.require(tag));
        }
        return out.toByteArray();
    }

    public static byte[] arqc(byte[] cardMasterKey, Tlv data) {
        return Tdes.retailMacPadding2(sessionKey(cardMasterKey, data.require("9F36")), arqcInput(data));
    }

    /** ARPC method 1 with the session key: TDES(SK, ARQC xor (ARC || 00 x 6)); ARC = the response code's ASCII. */
    public static byte[] arpc(byte[] cardMasterKey, byte[] atc, byte[] arqc, String responseCode) {
        return arpcMethod1(
                sessionKey(cardMasterKey, atc),
                arqc,
                responseCode.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** ARPC method 1 (EMV Book 2 8.2.1): TDES(key, ARQC xor (ARC || 00 x 6)). */
    public static byte[] arpcMethod1(byte[] key, byte[] arqc, byte[] arc) {
        return Tdes.encrypt(key, ISOUtil.xor(arqc, Arrays.copyOf(arc, 8)));
    }
}
