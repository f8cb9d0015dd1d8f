package com.shanfu.protocol.iso;

import com.shanfu.protocol.crypto.Tdes;
import com.shanfu.protocol.crypto.Tr31;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Field 62 of the sign-on answer: three TR-31 version B key blocks (80 characters each) under the TMK as key block
 * protection key, in the order PIN key ({@code P0}, encrypt only), MAC key ({@code M3}, generate and verify), data key
 * ({@code D0}, encrypt and decrypt). {@link #open} refuses the set when a block fails its MAC or is not for the use
 * its place says, so a key can never be used for another purpose than the one it was made for.
 */
public record WorkingKeys(byte[] pinKey, byte[] macKey, byte[] dataKey) {

    public static final int BLOCK_LENGTH = 80;
    public static final int FIELD_62_LENGTH = 3 * BLOCK_LENGTH;
    public static final Tr31.Usage[] ORDER = {Tr31.Usage.PIN, Tr31.Usage.MAC, Tr31.Usage.DATA};

    public static WorkingKeys open(byte[] field62, byte[] tmk) {
        if (field62 == null || field62.length != FIELD_62_LENGTH) {
            throw new IllegalArgumentException("field 62 of the sign-on answer must be " + FIELD_62_LENGTH + " bytes");
        }
        String blocks = new String(field62, StandardCharsets.US_ASCII);
        byte[][] keys = new byte[3][];
        for (int i = 0; i < 3; i++) {
            try {
                keys[i] = Tr31.unwrap(tmk, blocks.substring(i * BLOCK_LENGTH, (i + 1) * BLOCK_LENGTH), ORDER[i]);
            } catch (IllegalArgumentException e) {
                for (byte[] k : keys) {
                    if (k != null) {
                        Arrays.fill(k, (byte) 0);
                    }
                }
                throw new IllegalArgumentException("working key " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new WorkingKeys(keys[0], keys[1], keys[2]);
    }

    /** Key check value of a working key (first 4 bytes of TDES(key, 8×00)), for display and logs. */
    public static byte[] kcv(byte[] key) {
        return Tdes.kcv(key, 4);
    }
}
