package com.shanfu.protocol.iso;

import com.shanfu.protocol.crypto.Tdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;

/**
 * The authenticated sign-on (docs/protocol.md, "Sign-on"). The request's field 62 holds the terminal's sign-on
 * counter (8 bytes, big-endian, strictly rising) and a fresh 16-byte nonce; the request's field 64 is the X9.19 MAC
 * under the sign-on key, and the answer's field 64 is the X9.19 MAC under the same key over the request's field 62
 * followed by the packed answer. The sign-on key is derived from the TMK ({@link #signOnKey}), so only the holder of
 * the TMK can ask for keys, and an answer made for another request (replayed) or by anyone else fails.
 */
public final class SignOnAuth {

    public static final int FIELD_62_LENGTH = 24;
    private static final byte[] LABEL = "SHANFU-SIGNON-V1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SignOnAuth() {}

    public record Challenge(long counter, byte[] nonce) {
        public byte[] field62() {
            return ByteBuffer.allocate(FIELD_62_LENGTH)
                    .putLong(counter)
                    .put(nonce)
                    .array();
        }

        public static Challenge fresh(long counter) {
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            return new Challenge(counter, nonce);
        }

        public static Challenge parse(byte[] field62) {
            if (field62 == null || field62.length != FIELD_62_LENGTH) {
                throw new IllegalArgumentException("sign-on field 62 must be " + FIELD_62_LENGTH + " bytes");
            }
            ByteBuffer b = ByteBuffer.wrap(field62);
            long counter = b.getLong();
            if (counter <= 0) {
                throw new IllegalArgumentException("sign-on counter must be positive");
            }
            byte[] nonce = new byte[16];
            b.get(nonce);
            return new Challenge(counter, nonce);
        }
    }

    /** The sign-on key: TDES(TMK, "SHANFU-SIGNON-V1") with odd parity; never the TMK itself. */
    public static byte[] signOnKey(byte[] tmk) {
        byte[] k = Tdes.encrypt(tmk, LABEL);
        try {
            return Tdes.withOddParity(k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** Field 64 of the request: the MAC of the whole request (with its counter and nonce) under the sign-on key. */
    public static void signRequest(ISOMsg request, byte[] signOnKey) throws ISOException {
        MessageMac.sign(request, signOnKey);
    }

    public static boolean verifyRequest(ISOMsg request, byte[] signOnKey) throws ISOException {
        return MessageMac.verify(request, signOnKey);
    }

    /** Field 64 of the answer: the MAC over the request's field 62 ‖ the packed answer, under the sign-on key. */
    public static void signAnswer(ISOMsg answer, byte[] requestField62, byte[] signOnKey) throws ISOException {
        answer.set(MessageMac.FIELD, MessageMac.compute(answer, signOnKey, requestField62));
    }

    public static boolean verifyAnswer(ISOMsg answer, byte[] requestField62, byte[] signOnKey) throws ISOException {
        return answer.hasField(MessageMac.FIELD)
                && Tdes.constantTimeEquals(
                        answer.getBytes(MessageMac.FIELD), MessageMac.compute(answer, signOnKey, requestField62));
    }
}
