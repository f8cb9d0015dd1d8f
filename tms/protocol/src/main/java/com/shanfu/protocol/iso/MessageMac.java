package com.shanfu.protocol.iso;

import com.shanfu.protocol.crypto.Tdes;
import java.util.Arrays;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;

/**
 * Field 64: ISO 9797-1 MAC algorithm 3 (ANSI X9.19) with the working MAC key over the packed message, from the MTI
 * to the last byte before field 64. Both sides compute it by packing with field 64 set to zeros.
 */
public final class MessageMac {

    public static final int FIELD = 64;
    private static final int LENGTH = 8;

    private MessageMac() {}

    public static byte[] compute(ISOMsg msg, byte[] macKey) throws ISOException {
        return compute(msg, macKey, new byte[0]);
    }

    /** The MAC over {@code prefix} followed by the packed message (the sign-on answer binds its request this way). */
    public static byte[] compute(ISOMsg msg, byte[] macKey, byte[] prefix) throws ISOException {
        ISOMsg copy = (ISOMsg) msg.clone();
        copy.setPackager(msg.getPackager());
        copy.set(FIELD, new byte[LENGTH]);
        byte[] packed = copy.pack();
        byte[] input = Arrays.copyOf(prefix, prefix.length + packed.length - LENGTH);
        System.arraycopy(packed, 0, input, prefix.length, packed.length - LENGTH);
        return Tdes.retailMac(macKey, input);
    }

    /** Sets field 64 on a message that has its packager. */
    public static void sign(ISOMsg msg, byte[] macKey) throws ISOException {
        msg.set(FIELD, compute(msg, macKey));
    }

    /** True only when field 64 is present and equals the MAC this key computes (constant-time compare). */
    public static boolean verify(ISOMsg msg, byte[] macKey) throws ISOException {
        if (!msg.hasField(FIELD)) {
            return false;
        }
        return Tdes.constantTimeEquals(msg.getBytes(FIELD), compute(msg, macKey));
    }
}
