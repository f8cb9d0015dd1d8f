package com.shanfu.protocol.emv;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.jpos.iso.ISOUtil;

/** A data object list (PDOL, CDOL): tags with lengths, without values. */
public record Dol(List<Entry> entries) {

    public record Entry(String tag, int length) {}

    public static Dol parse(byte[] d) {
        List<Entry> out = new ArrayList<>();
        int i = 0;
        while (i < d.length) {
            int start = i;
            if ((d[i++] & 0x1F) == 0x1F) {
                while (i < d.length && (d[i++] & 0x80) != 0) {
                    // more tag bytes
                }
            }
            if (i >= d.length) {
                throw new IllegalArgumentException("DOL ends inside an entry");
            }
            out.add(new Entry(ISOUtil.hexString(d, start, i - start), d[i++] & 0xFF));
        }
        return new Dol(List.copyOf(out));
    }

    /** The concatenated values for this DOL; missing values are zeros, wrong lengths are cut or zero-padded left. */
    public byte[] values(Tlv data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Entry e : entries) {
            byte[] v = data.get(e.tag());
            byte[] field = new byte[e.length()];
            if (v != null) {
                int n = Math.min(v.length, e.length());
                System.arraycopy(v, 0, field, e.length() - n, n);
            }
            out.writeBytes(field);
        }
        return out.toByteArray();
    }

    /** Splits DOL-ordered values back into a TLV set. */
    public Tlv split(byte[] values) {
        Tlv t = new Tlv();
        int offset = 0;
        for (Entry e : entries) {
            if (offset + e.length() > values.length) {
                throw new IllegalArgumentException("DOL data shorter than the DOL");
            }
            t.put(e.tag(), java.util.Arrays.copyOfRange(values, offset, offset + e.length()));
            offset += e.length();
        }
        return t;
    }
}
