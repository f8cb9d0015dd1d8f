package com.shanfu.protocol.iso;

import com.shanfu.protocol.crypto.Tdes;
import java.util.Arrays;

/**
 * Field 62 of the sign-on answer: PIN key (16) + KCV (4), MAC key (16) + KCV (4), data key (16) + KCV (4), each key
 * encrypted under the TMK. {@link #decrypt} checks every KCV and refuses the set if one does not match.
 */
public record WorkingKeys(byte[] pinKey, byte[] macKey, byte[] dataKey) {

    public static final int FIELD_62_LENGTH = 60;

    public static WorkingKeys decrypt(byte[] field62, byte[] tmk) {
        if (field62 == null || field62.length != FIELD_62_LENGTH) {
            throw new IllegalArgumentException("field 62 of the sign-on answer must be " + FIELD_62_LENGTH + " bytes");
        }
        byte[][] keys = new byte[3][];
        for (int i = 0; i < 3; i++) {
            byte[] key = Tdes.decrypt(tmk, Arrays.copyOfRange(field62, i * 20, i * 20 + 16));
            byte[] kcv = Arrays.copyOfRange(field62, i * 20 + 16, i * 20 + 20);
            if (!Tdes.constantTimeEquals(Tdes.kcv(key, 4), kcv)) {
                throw new IllegalArgumentException("working key " + (i + 1) + " fails its key check value");
            }
            keys[i] = key;
        }
        return new WorkingKeys(keys[0], keys[1], keys[2]);
    }
}
