package com.shanfu.protocol.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * ANSI X9 TR-31 key blocks, version B (TDES key derivation binding method): the key travels with a header that
 * fixes its use, and the header is bound to the key by a CMAC. The key block protection key (KBPK) yields an
 * encryption key (KBEK) and a MAC key (KBMK) by the CMAC-based derivation of TR-31 5.3.2.1; the MAC (CMAC-TDES over
 * header ‖ clear payload, 8 bytes) is the IV of the TDES-CBC encryption of the payload (key length in bits, n2 ‖ key
 * ‖ random padding). Checked against the published examples of TR-31:2018 annex A ({@code Tr31Tests}).
 */
public final class Tr31 {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int HEADER = 16;
    private static final int MAC_HEX = 16;

    /** Key usage + mode of use of the keys this project wraps (TR-31 table 6 and 10). */
    public enum Usage {
        /** PIN encryption key, encrypt only. */
        PIN("P0", 'E'),
        /** ISO 9797-1 MAC algorithm 3 key, generate and verify. */
        MAC("M3", 'C'),
        /** Symmetric data encryption key, encrypt and decrypt. */
        DATA("D0", 'B'),
        /** Key encryption / wrapping key (a TMK), encrypt and decrypt. */
        KEY_ENCRYPTION("K0", 'B');

        private final String code;
        private final char mode;

        Usage(String code, char mode) {
            this.code = code;
            this.mode = mode;
        }

        /** The 16-character header of a block of this usage for a double-length TDES key, not exportable. */
        public String header() {
            return "B0080" + code + "T" + mode + "00N0000";
        }
    }

    /** An opened key block: its header (with any optional blocks) and the clear key. */
    public record KeyBlock(String header, byte[] key) {
        public String usage() {
            return header.substring(5, 7);
        }

        public char modeOfUse() {
            return header.charAt(8);
        }
    }

    private Tr31() {}

    /** Wraps a double-length TDES key for one use. */
    public static String wrap(byte[] kbpk, Usage usage, byte[] key) {
        byte[] padding = new byte[6];
        RANDOM.nextBytes(padding);
        return wrap(kbpk, usage.header(), key, padding);
    }

    /**
     * Wraps {@code key} under the header given (its length field must already count the whole block); the padding
     * brings the payload to a multiple of 8 bytes. Public so tests can rebuild published blocks.
     */
    public static String wrap(byte[] kbpk, String header, byte[] key, byte[] padding) {
        byte[] payload = new byte[2 + key.length + padding.length];
        if (payload.length % 8 != 0) {
            throw new IllegalArgumentException("key and padding must make a payload of whole 8-byte blocks");
        }
        payload[0] = (byte) ((key.length * 8) >>> 8);
        payload[1] = (byte) (key.length * 8);
        System.arraycopy(key, 0, payload, 2, key.length);
        System.arraycopy(padding, 0, payload, 2 + key.length, padding.length);
        int length = header.length() + payload.length * 2 + MAC_HEX;
        if (!header.startsWith("B") || Integer.parseInt(header.substring(1, 5)) != length) {
            throw new IllegalArgumentException("header must be version B with block length " + length);
        }
        byte[][] derived = derive(kbpk);
        try {
            byte[] mac = cmac(derived[1], Tdes.concat(header.getBytes(StandardCharsets.US_ASCII), payload));
            byte[] encrypted = Tdes.cbc(Cipher.ENCRYPT_MODE, derived[0], mac, payload);
            return header + HEX.formatHex(encrypted) + HEX.formatHex(mac);
        } finally {
            Arrays.fill(payload, (byte) 0);
            wipe(derived);
        }
    }

    /** Opens a version B key block; refuses a damaged or forged block (its MAC), a wrong length or another version. */
    public static KeyBlock unwrap(byte[] kbpk, String block) {
        if (block == null || block.length() < HEADER + MAC_HEX + 16 || block.charAt(0) != 'B') {
            throw new IllegalArgumentException("not a TR-31 version B key block");
        }
        int length;
        int optionalBlocks;
        try {
            length = Integer.parseInt(block.substring(1, 5));
            optionalBlocks = Integer.parseInt(block.substring(12, 14));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("TR-31 header is malformed");
        }
        if (length != block.length()) {
            throw new IllegalArgumentException(
                    "TR-31 block length " + length + " but " + block.length() + " characters");
        }
        int headerEnd = HEADER;
        for (int i = 0; i < optionalBlocks; i++) {
            if (headerEnd + 4 > block.length()) {
                throw new IllegalArgumentException("TR-31 optional block runs past the end");
            }
            int optLength = HexFormat.fromHexDigits(block, headerEnd + 2, headerEnd + 4);
            if (optLength < 4) {
                throw new IllegalArgumentException("TR-31 optional block length is not supported");
            }
            headerEnd += optLength;
        }
        int payloadHex = block.length() - headerEnd - MAC_HEX;
        if (payloadHex <= 0 || payloadHex % 16 != 0) {
            throw new IllegalArgumentException("TR-31 payload is not whole TDES blocks");
        }
        String header = block.substring(0, headerEnd);
        byte[] encrypted;
        byte[] mac;
        try {
            encrypted = HexFormat.of().parseHex(block, headerEnd, headerEnd + payloadHex);
            mac = HexFormat.of().parseHex(block, headerEnd + payloadHex, block.length());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TR-31 payload or MAC is not hex");
        }
        byte[][] derived = derive(kbpk);
        byte[] payload = Tdes.cbc(Cipher.DECRYPT_MODE, derived[0], mac, encrypted);
        try {
            byte[] expected = cmac(derived[1], Tdes.concat(header.getBytes(StandardCharsets.US_ASCII), payload));
            if (!Tdes.constantTimeEquals(expected, mac)) {
                throw new IllegalArgumentException("TR-31 key block fails its MAC: wrong key or altered block");
            }
            int bits = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
            if (bits % 64 != 0 || bits / 8 > payload.length - 2) {
                throw new IllegalArgumentException("TR-31 key length is invalid");
            }
            return new KeyBlock(header, Arrays.copyOfRange(payload, 2, 2 + bits / 8));
        } finally {
            Arrays.fill(payload, (byte) 0);
            wipe(derived);
        }
    }

    /** Opens a block and checks that it is for the use expected; the key is refused for any other use. */
    public static byte[] unwrap(byte[] kbpk, String block, Usage expected) {
        KeyBlock kb = unwrap(kbpk, block);
        if (!kb.usage().equals(expected.code)
                || kb.modeOfUse() != expected.mode
                || kb.header().charAt(7) != 'T') {
            Arrays.fill(kb.key(), (byte) 0);
            throw new IllegalArgumentException("TR-31 key block is for " + kb.usage() + "/" + kb.modeOfUse()
                    + ", expected " + expected.code + "/" + expected.mode);
        }
        return kb.key();
    }

    /** KBEK and KBMK from the KBPK: CMAC(KBPK, counter ‖ usage ‖ 00 ‖ algorithm ‖ length), TR-31 5.3.2.1. */
    private static byte[][] derive(byte[] kbpk) {
        if (kbpk.length != 16 && kbpk.length != 24) {
            throw new IllegalArgumentException("the KBPK must be a double- or triple-length TDES key");
        }
        int parts = kbpk.length / 8;
        byte algorithm = (byte) (kbpk.length == 16 ? 0x00 : 0x01);
        int bits = kbpk.length * 8;
        byte[][] out = new byte[2][kbpk.length];
        for (int usage = 0; usage < 2; usage++) {
            for (int counter = 1; counter <= parts; counter++) {
                byte[] data = {
                    (byte) counter, 0x00, (byte) usage, 0x00, 0x00, algorithm, (byte) (bits >>> 8), (byte) bits
                };
                System.arraycopy(cmac(kbpk, data), 0, out[usage], (counter - 1) * 8, 8);
            }
        }
        return out;
    }

    private static byte[] cmac(byte[] key, byte[] data) {
        CMac mac = new CMac(new DESedeEngine(), 64);
        mac.init(new KeyParameter(key.length == 16 ? Tdes.concat(key, Arrays.copyOf(key, 8)) : key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[8];
        mac.doFinal(out, 0);
        return out;
    }

    private static void wipe(byte[][] keys) {
        for (byte[] k : keys) {
            Arrays.fill(k, (byte) 0);
        }
    }
}
