package com.shanfu.protocol.emv;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jpos.iso.ISOUtil;

/** BER-TLV as EMV uses it (tags of one or two bytes, lengths up to 0xFFFF); constructed templates are flattened. */
public final class Tlv {

    private final Map<String, byte[]> values = new LinkedHashMap<>();

    public static Tlv parse(byte[] data) {
        Tlv tlv = new Tlv();
        tlv.read(data, 0, data.length);
        return tlv;
    }

    private void read(byte[] data, int from, int to) {
        walk(data, from, to, (tag, constructed, start, end) -> {
            if (constructed) {
                read(data, start, end);
            } else {
                values.put(tag, Arrays.copyOfRange(data, start, end));
            }
        });
    }

    private interface Visitor {
        void visit(String tag, boolean constructed, int valueStart, int valueEnd);
    }

    /** Walks the objects between from and to, one level deep, skipping 00/FF padding. */
    private static void walk(byte[] data, int from, int to, Visitor visitor) {
        int i = from;
        while (i < to) {
            if (data[i] == 0x00 || data[i] == (byte) 0xFF) {
                i++;
                continue;
            }
            int tagStart = i;
            boolean constructed = (data[i] & 0x20) != 0;
            if ((data[i++] & 0x1F) == 0x1F) {
                while (i < to && (data[i++] & 0x80) != 0) {
                    // subsequent tag bytes
                }
            }
            if (i >= to) {
                throw new IllegalArgumentException("TLV data ends inside a tag");
            }
            String tag = ISOUtil.hexString(data, tagStart, i - tagStart);
            int len = data[i++] & 0xFF;
            if (len == 0x81 && i < to) {
                len = data[i++] & 0xFF;
            } else if (len == 0x82 && i + 1 < to) {
                len = ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
                i += 2;
            } else if (len >= 0x80) {
                throw new IllegalArgumentException("TLV length form not supported");
            }
            if (i + len > to) {
                throw new IllegalArgumentException("TLV object " + tag + " runs past the data");
            }
            visitor.visit(tag, constructed, i, i + len);
            i += len;
        }
    }

    /**
     * Every occurrence of a constructed template (for example each 61 directory entry of a PPSE answer),
     * each parsed on its own; {@link #parse} would merge them.
     */
    public static java.util.List<Tlv> templates(byte[] data, String templateTag) {
        java.util.List<Tlv> out = new java.util.ArrayList<>();
        collect(data, 0, data.length, templateTag.toUpperCase(), out);
        return out;
    }

    private static void collect(byte[] data, int from, int to, String wanted, java.util.List<Tlv> out) {
        walk(data, from, to, (tag, constructed, start, end) -> {
            if (tag.equals(wanted)) {
                Tlv t = new Tlv();
                t.read(data, start, end);
                out.add(t);
            } else if (constructed) {
                collect(data, start, end, wanted, out);
            }
        });
    }

    public Tlv put(String tag, byte[] value) {
        values.put(tag.toUpperCase(), value.clone());
        return this;
    }

    public Tlv put(String tag, String hexValue) {
        return put(tag, ISOUtil.hex2byte(hexValue));
    }

    public byte[] get(String tag) {
        byte[] v = values.get(tag.toUpperCase());
        return v == null ? null : v.clone();
    }

    public String hex(String tag) {
        byte[] v = values.get(tag.toUpperCase());
        return v == null ? null : ISOUtil.hexString(v);
    }

    public boolean has(String tag) {
        return values.containsKey(tag.toUpperCase());
    }

    public byte[] require(String tag) {
        byte[] v = get(tag);
        if (v == null) {
            throw new IllegalArgumentException("missing EMV tag " + tag);
        }
        return v;
    }

    public java.util.Set<String> tags() {
        return java.util.Collections.unmodifiableSet(values.keySet());
    }

    /** Encodes the listed tags (those present) in the given order. */
    public byte[] encode(String... tags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String tag : tags) {
            byte[] v = values.get(tag);
            if (v != null) {
                out.writeBytes(encodeOne(tag, v));
            }
        }
        return out.toByteArray();
    }

    public byte[] encodeAll() {
        return encode(values.keySet().toArray(String[]::new));
    }

    public static byte[] encodeOne(String tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ISOUtil.hex2byte(tag));
        if (value.length < 0x80) {
            out.write(value.length);
        } else if (value.length <= 0xFF) {
            out.write(0x81);
            out.write(value.length);
        } else {
            out.write(0x82);
            out.write(value.length >> 8);
            out.write(value.length & 0xFF);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
