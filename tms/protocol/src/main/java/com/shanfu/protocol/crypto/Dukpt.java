package com.shanfu.protocol.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * DUKPT with double-length TDEA keys (ANSI X9.24-1:2009): the initial key of a device from the base derivation key
 * and its key serial number, the transaction key for the KSN's counter (the non-reversible key generation process),
 * and the PIN encryption variant of it.
 */
public final class Dukpt {

    public static final int KSN_LENGTH = 10;
    private static final long COUNTER_MASK = 0x1FFFFFL;
    private static final byte[] KEY_MASK = hex("C0C0C0C000000000C0C0C0C000000000");
    private static final byte[] PIN_VARIANT = hex("00000000000000FF00000000000000FF");

    private Dukpt() {}

    /** The initial PIN encryption key (IPEK) of the device whose KSN this is. */
    public static byte[] initialKey(byte[] bdk, byte[] ksn) {
        check(bdk, ksn);
        byte[] base = new byte[8];
        System.arraycopy(ksn, 0, base, 0, 8);
        base[7] &= (byte) 0xE0; // the counter's top bits live in the 8th byte
        byte[] left = Tdes.encrypt(bdk, base);
        byte[] right = Tdes.encrypt(xor(bdk, KEY_MASK), base);
        return concat(left, right);
    }

    /** The transaction key for the KSN's counter, derived from the initial key. */
    public static byte[] transactionKey(byte[] ipek, byte[] ksn) {
        long ksnRight = toLong(ksn, 2);
        long counter = ksnRight & COUNTER_MASK;
        long register = ksnRight & ~COUNTER_MASK;
        byte[] key = ipek.clone();
        for (long bit = 0x100000L; bit > 0; bit >>= 1) {
            if ((counter & bit) != 0) {
                register |= bit;
                key = nonReversible(key, register);
            }
        }
        return key;
    }

    /** The key that encrypts PIN blocks for this KSN. */
    public static byte[] pinKey(byte[] bdk, byte[] ksn) {
        return xor(transactionKey(initialKey(bdk, ksn), ksn), PIN_VARIANT);
    }

    /** An ISO 9564 format 0 PIN block encrypted under the KSN's PIN key. */
    public static byte[] encryptPinBlock(byte[] bdk, byte[] ksn, String pin, String pan) {
        return Tdes.encrypt(pinKey(bdk, ksn), PinBlock.format0(pin, pan));
    }

    private static byte[] nonReversible(byte[] key, long register) {
        byte[] right = half(key, 8);
        byte[] newRight = xor(des(half(key, 0), xor(longBytes(register), right)), right);
        byte[] masked = xor(key, KEY_MASK);
        byte[] maskedRight = half(masked, 8);
        byte[] newLeft = xor(des(half(masked, 0), xor(longBytes(register), maskedRight)), maskedRight);
        return concat(newLeft, newRight);
    }

    private static byte[] des(byte[] key8, byte[] block) {
        try {
            Cipher c = Cipher.getInstance("DES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key8, "DES"));
            return c.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(byte[] bdk, byte[] ksn) {
        if (bdk == null || bdk.length != 16) {
            throw new IllegalArgumentException("the BDK is a double-length key (16 bytes)");
        }
        if (ksn == null || ksn.length != KSN_LENGTH) {
            throw new IllegalArgumentException("a KSN has 10 bytes");
        }
    }

    private static byte[] half(byte[] key, int from) {
        byte[] h = new byte[8];
        System.arraycopy(key, from, h, 0, 8);
        return h;
    }

    private static long toLong(byte[] b, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] r = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = (byte) (a[i] ^ b[i]);
        }
        return r;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
