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
    public static final String[] ARQC_INPUT_TAGS = {"9F02", "9F03", "9F1A", "95", "5F2A", "9A", "9C", "9F37", "82", "9F36"};

    private EmvCrypto() {
    }

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

    /** Common session key: SK = TDES(MK, ATC||F0||00..) || TDES(MK, ATC||0F||00..). */
    public static byte[] sessionKey(byte[] cardMasterKey, byte[] atc) {
        byte[] r1 = new byte[8];
        byte[] r2 = new byte[8];
        System.arraycopy(atc, 0, r1, 0, 2);
        System.arraycopy(atc, 0, r2, 0, 2);
        r1[2] = (byte) 0xF0;
        r2[2] = (byte) 0x0F;
        byte[] sk = Arrays.copyOf(Tdes.encrypt(cardMasterKey, r1), 16);
        System.arraycopy(Tdes.encrypt(cardMasterKey, r2), 0, sk, 8, 8);
        return sk;
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

    /** ARPC method 1: TDES(SK, ARQC xor (ARC || 00 x 6)). */
    public static byte[] arpc(byte[] cardMasterKey, byte[] atc, byte[] arqc, String responseCode) {
        byte[] arc = Arrays.copyOf(responseCode.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 8);
        return Tdes.encrypt(sessionKey(cardMasterKey, atc), ISOUtil.xor(arqc, arc));
    }
}
