package com.shanfu.protocol.iso;

import com.shanfu.protocol.emv.Tlv;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.jpos.iso.ISOUtil;

/**
 * Field 62 of the parameter download (docs/protocol.md, "Parameter download"): lists and entries as BER-TLV, each
 * list entry in an {@code E1} template. CA public keys carry the EMV checksum (SHA-1 over RID, index, modulus and
 * exponent, EMV Book 2 Annex B2.1), which the terminal checks before it keeps a key.
 */
public final class Parameters {

    static final String ENTRY = "E1";

    private Parameters() {}

    /** A CA public key as the list names it. */
    public record CaKeyRef(String rid, int index, String expiry) {
        public CaKeyRef {
            requireHex(rid, 10, 10, "RID");
            if (index < 0 || index > 255) {
                throw new IllegalArgumentException("CA key index must be 00..FF");
            }
            if (expiry == null || !expiry.matches("\\d{8}")) {
                throw new IllegalArgumentException("CA key expiry must be YYYYMMDD");
            }
        }
    }

    /** A scheme's CA public key (RSA), with its checksum. */
    public record CaKey(CaKeyRef ref, String modulus, String exponent) {
        public CaKey {
            requireHex(modulus, 128, 496, "modulus");
            if (!"03".equals(exponent) && !"010001".equals(exponent)) {
                throw new IllegalArgumentException("CA key exponent must be 03 or 010001");
            }
        }

        public String checksum() {
            try {
                MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
                sha1.update(ISOUtil.hex2byte(ref.rid() + String.format("%02X", ref.index()) + modulus + exponent));
                return ISOUtil.hexString(sha1.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Contactless parameters of one AID; limits in fen. */
    public record Aid(
            String aid,
            String version,
            long floorLimitFen,
            long transactionLimitFen,
            long cvmLimitFen,
            String tacDefault,
            String tacDenial,
            String tacOnline) {
        public Aid {
            requireHex(aid, 10, 32, "AID");
            requireHex(version, 4, 4, "application version");
            for (long limit : new long[] {floorLimitFen, transactionLimitFen, cvmLimitFen}) {
                if (limit < 0 || limit > 999_999_999_999L) {
                    throw new IllegalArgumentException("AID limits must be 0..999999999999 fen");
                }
            }
            for (String tac : new String[] {tacDefault, tacDenial, tacOnline}) {
                requireHex(tac, 10, 10, "terminal action code");
            }
        }
    }

    public static byte[] caKeyList(List<CaKeyRef> keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (CaKeyRef k : keys) {
            out.writeBytes(Tlv.encodeOne(ENTRY, ref(k).encodeAll()));
        }
        return out.toByteArray();
    }

    public static List<CaKeyRef> parseCaKeyList(byte[] data) {
        return Tlv.templates(data == null ? new byte[0] : data, ENTRY).stream()
                .map(Parameters::ref)
                .toList();
    }

    public static byte[] caKeyRequest(String rid, int index) {
        return new Tlv().put("9F06", rid).put("9F22", new byte[] {(byte) index}).encodeAll();
    }

    /** RID and index asked for; the expiry is not part of a request. */
    public static CaKeyRef parseCaKeyRequest(byte[] data) {
        Tlv t = Tlv.parse(data);
        return new CaKeyRef(t.hex("9F06"), t.require("9F22")[0] & 0xFF, "00000000");
    }

    public static byte[] caKey(CaKey key) {
        return ref(key.ref())
                .put("DF06", "01")
                .put("DF07", "01")
                .put("DF02", key.modulus())
                .put("DF04", key.exponent())
                .put("DF03", key.checksum())
                .encodeAll();
    }

    /** The key, refused when its checksum does not match. */
    public static CaKey parseCaKey(byte[] data) {
        Tlv t = Tlv.parse(data);
        CaKey key = new CaKey(ref(t), t.hex("DF02"), t.hex("DF04"));
        if (!key.checksum().equals(t.hex("DF03"))) {
            throw new IllegalArgumentException(
                    "CA key " + key.ref().rid() + "/" + key.ref().index() + ": checksum does not match");
        }
        return key;
    }

    public static byte[] aidList(List<String> aids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String aid : aids) {
            out.writeBytes(Tlv.encodeOne(ENTRY, new Tlv().put("9F06", aid).encodeAll()));
        }
        return out.toByteArray();
    }

    public static List<String> parseAidList(byte[] data) {
        return Tlv.templates(data == null ? new byte[0] : data, ENTRY).stream()
                .map(t -> t.hex("9F06"))
                .toList();
    }

    public static byte[] aidRequest(String aid) {
        return new Tlv().put("9F06", aid).encodeAll();
    }

    public static String parseAidRequest(byte[] data) {
        String aid = Tlv.parse(data).hex("9F06");
        requireHex(aid, 10, 32, "AID");
        return aid;
    }

    public static byte[] aid(Aid a) {
        return new Tlv()
                .put("9F06", a.aid())
                .put("DF01", "00")
                .put("9F09", a.version())
                .put("DF11", a.tacDefault())
                .put("DF12", a.tacOnline())
                .put("DF13", a.tacDenial())
                .put("DF19", amount(a.floorLimitFen()))
                .put("DF20", amount(a.transactionLimitFen()))
                .put("DF21", amount(a.cvmLimitFen()))
                .encodeAll();
    }

    public static Aid parseAid(byte[] data) {
        Tlv t = Tlv.parse(data);
        return new Aid(
                t.hex("9F06"),
                t.hex("9F09"),
                Long.parseLong(t.hex("DF19")),
                Long.parseLong(t.hex("DF20")),
                Long.parseLong(t.hex("DF21")),
                t.hex("DF11"),
                t.hex("DF13"),
                t.hex("DF12"));
    }

    private static Tlv ref(CaKeyRef k) {
        return new Tlv()
                .put("9F06", k.rid())
                .put("9F22", new byte[] {(byte) k.index()})
                .put("DF05", k.expiry().getBytes(StandardCharsets.US_ASCII));
    }

    private static CaKeyRef ref(Tlv t) {
        byte[] expiry = t.require("DF05");
        return new CaKeyRef(t.hex("9F06"), t.require("9F22")[0] & 0xFF, new String(expiry, StandardCharsets.US_ASCII));
    }

    private static String amount(long fen) {
        return String.format("%012d", fen);
    }

    private static void requireHex(String value, int min, int max, String what) {
        if (value == null
                || value.length() < min
                || value.length() > max
                || value.length() % 2 != 0
                || !value.matches("[0-9A-F]+")) {
            throw new IllegalArgumentException(what + " must be " + min / 2 + ".." + max / 2 + " bytes of hex");
        }
    }
}
