package com.shanfu.protocol.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.macs.ISO9797Alg3Mac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Double-length triple-DES keys as the CUP/ANSI conventions use them: generation with odd parity, ECB key
 * encryption, key check values and the ISO 9797-1 MAC algorithm 3 (ANSI X9.19 retail MAC).
 * Written once, used by the host, the terminal and the tests.
 */
public final class Tdes {

    public static final int KEY_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tdes() {}

    /** A fresh double-length key with odd parity in every byte. */
    public static byte[] generateKey() {
        byte[] key = new byte[KEY_LENGTH];
        RANDOM.nextBytes(key);
        return withOddParity(key);
    }

    public static byte[] withOddParity(byte[] key) {
        byte[] out = key.clone();
        for (int i = 0; i < out.length; i++) {
            int b = out[i] & 0xFE;
            out[i] = (byte) (Integer.bitCount(b) % 2 == 0 ? b | 1 : b);
        }
        return out;
    }

    public static byte[] encrypt(byte[] key, byte[] data) {
        return ecb(Cipher.ENCRYPT_MODE, key, data);
    }

    public static byte[] decrypt(byte[] key, byte[] data) {
        return ecb(Cipher.DECRYPT_MODE, key, data);
    }

    /** Key check value: the first {@code length} bytes of TDES(key, 8 x 00). */
    public static byte[] kcv(byte[] key, int length) {
        return Arrays.copyOf(encrypt(key, new byte[8]), length);
    }

    /** ISO 9797-1 MAC algorithm 3 (ANSI X9.19), padding method 1 (zeros), 8-byte result. */
    public static byte[] retailMac(byte[] key, byte[] data) {
        ISO9797Alg3Mac mac = new ISO9797Alg3Mac(new DESEngine());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }

    /** ISO 9797-1 MAC algorithm 3 with padding method 2 (0x80 then zeros), as EMV application cryptograms use. */
    public static byte[] retailMacPadding2(byte[] key, byte[] data) {
        int padded = (data.length / 8 + 1) * 8;
        byte[] in = Arrays.copyOf(data, padded);
        in[data.length] = (byte) 0x80;
        return retailMac(key, in);
    }

    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /** TDES-CBC without padding ({@code Cipher.ENCRYPT_MODE} or {@code DECRYPT_MODE}), double- or triple-length key. */
    public static byte[] cbc(int mode, byte[] key, byte[] iv, byte[] data) {
        if (key.length != KEY_LENGTH && key.length != 24) {
            throw new IllegalArgumentException("TDES key must be 16 or 24 bytes");
        }
        byte[] k24 = key.length == 24 ? key.clone() : concat(key, Arrays.copyOf(key, 8));
        try {
            Cipher c = Cipher.getInstance("DESede/CBC/NoPadding");
            c.init(mode, new SecretKeySpec(k24, "DESede"), new javax.crypto.spec.IvParameterSpec(iv));
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TDES unavailable", e);
        } finally {
            Arrays.fill(k24, (byte) 0);
        }
    }

    private static byte[] ecb(int mode, byte[] key, byte[] data) {
        if (key.length != KEY_LENGTH && key.length != 24) {
            throw new IllegalArgumentException("TDES key must be 16 or 24 bytes");
        }
        if (data.length % 8 != 0) {
            throw new IllegalArgumentException("TDES data must be a multiple of 8 bytes");
        }
        byte[] k24 = key.length == 24 ? key : concat(key, Arrays.copyOf(key, 8));
        try {
            Cipher cipher = Cipher.getInstance("DESede/ECB/NoPadding");
            cipher.init(mode, new SecretKeySpec(k24, "DESede"));
            return cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TDES unavailable", e);
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
