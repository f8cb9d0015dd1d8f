package com.shanfu.terminal.card;

import com.shanfu.protocol.emv.Dol;
import com.shanfu.protocol.emv.EmvCrypto;
import com.shanfu.protocol.emv.Tlv;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A virtual contactless card answering the qPBOC/qVSDC APDUs the kernel sends: SELECT PPSE, SELECT AID,
 * GET PROCESSING OPTIONS (with the online cryptogram, ARQC) and READ RECORD. Its card key is derived from the
 * issuer master key by EMV option A; the application transaction counter (ATC) rises with every GPO.
 */
public final class SoftwareCard implements CardReader {

    static final String PPSE = "2PAY.SYS.DDF01";
    /** PDOL: TTQ, amount, other amount, country, TVR, currency, date, type, unpredictable number. */
    static final String PDOL = "9F66049F02069F03069F1A0295055F2A029A039C019F3704";

    private static final byte[] OK = {(byte) 0x90, 0x00};

    private final CardProfile profile;
    private final byte[] cardKey;
    private final java.util.function.IntSupplier nextAtc;
    private int atc;
    private boolean selected;

    /** A card whose counter starts after {@code atc} and lives only in this object (tests). */
    public SoftwareCard(CardProfile profile, int atc) {
        this(profile, new java.util.concurrent.atomic.AtomicInteger(atc)::incrementAndGet);
    }

    /** A card whose counter is kept elsewhere, e.g. in the machine's {@link CardWallet}. */
    public SoftwareCard(CardProfile profile, java.util.function.IntSupplier nextAtc) {
        this.profile = profile;
        this.cardKey = EmvCrypto.cardMasterKey(
                HexFormat.of().parseHex(profile.issuerMasterKey()), profile.pan(), profile.panSequence());
        this.nextAtc = nextAtc;
    }

    /** The card in the machine's shared wallet: its counter goes on from wherever any terminal left it. */
    public static SoftwareCard fromWallet(CardProfile profile) {
        return new SoftwareCard(profile, CardWallet.shared().counter(profile.name()));
    }

    public int atc() {
        return atc;
    }

    public CardProfile profile() {
        return profile;
    }

    @Override
    public byte[] transmit(byte[] apdu) {
        if (apdu.length < 4) {
            return sw(0x67, 0x00);
        }
        int ins = apdu[1] & 0xFF;
        return switch (ins) {
            case 0xA4 -> select(Arrays.copyOfRange(apdu, 5, 5 + (apdu[4] & 0xFF)));
            case 0xA8 -> selected ? gpo(Arrays.copyOfRange(apdu, 5, 5 + (apdu[4] & 0xFF))) : sw(0x69, 0x85);
            case 0xB2 -> selected ? readRecord(apdu[2] & 0xFF, (apdu[3] & 0xFF) >> 3) : sw(0x69, 0x85);
            default -> sw(0x6D, 0x00);
        };
    }

    private byte[] select(byte[] name) {
        if (Arrays.equals(name, PPSE.getBytes(StandardCharsets.US_ASCII))) {
            byte[] entry = Tlv.encodeOne(
                    "61",
                    concat(
                            Tlv.encodeOne("4F", hex(profile.aid())),
                            Tlv.encodeOne("50", profile.label().getBytes(StandardCharsets.US_ASCII)),
                            Tlv.encodeOne("87", new byte[] {1})));
            byte[] fci = Tlv.encodeOne(
                    "6F", concat(Tlv.encodeOne("84", name), Tlv.encodeOne("A5", Tlv.encodeOne("BF0C", entry))));
            return concat(fci, OK);
        }
        if (Arrays.equals(name, hex(profile.aid()))) {
            selected = true;
            byte[] fci = Tlv.encodeOne(
                    "6F",
                    concat(
                            Tlv.encodeOne("84", name),
                            Tlv.encodeOne(
                                    "A5",
                                    concat(
                                            Tlv.encodeOne("50", profile.label().getBytes(StandardCharsets.US_ASCII)),
                                            Tlv.encodeOne("87", new byte[] {1}),
                                            Tlv.encodeOne("9F38", hex(PDOL))))));
            return concat(fci, OK);
        }
        return sw(0x6A, 0x82);
    }

    private byte[] gpo(byte[] data) {
        if (data.length < 2 || data[0] != (byte) 0x83) {
            return sw(0x67, 0x00);
        }
        Tlv t;
        try {
            t = Dol.parse(hex(PDOL)).split(Arrays.copyOfRange(data, 2, data.length));
        } catch (IllegalArgumentException e) {
            return sw(0x67, 0x00);
        }
        atc = nextAtc.getAsInt();
        byte[] atcBytes = {(byte) (atc >> 8), (byte) atc};
        t.put("82", "0080").put("9F36", atcBytes);
        byte[] arqc = EmvCrypto.arqc(cardKey, t);
        if (profile.corruptCryptogram()) {
            arqc[0] ^= 0x55;
        }
        byte[] body = concat(
                Tlv.encodeOne("82", hex("0080")),
                Tlv.encodeOne("94", hex("08010100")),
                Tlv.encodeOne("9F36", atcBytes),
                Tlv.encodeOne("9F26", arqc),
                Tlv.encodeOne("9F27", new byte[] {(byte) 0x80}),
                Tlv.encodeOne("9F10", hex("07010103A00000010A0100000000000000")),
                Tlv.encodeOne("57", track2()),
                Tlv.encodeOne("5F34", hex(profile.panSequence())),
                Tlv.encodeOne("9F6C", hex(profile.cdcvm() ? "0080" : "0000")));
        return concat(Tlv.encodeOne("77", body), OK);
    }

    private byte[] readRecord(int record, int sfi) {
        if (sfi != 1 || record != 1) {
            return sw(0x6A, 0x83);
        }
        byte[] body = concat(
                Tlv.encodeOne("5A", hex(padF(profile.pan()))),
                Tlv.encodeOne("5F24", hex(profile.expiryYymm() + "31")),
                Tlv.encodeOne("5F20", profile.cardholder().getBytes(StandardCharsets.US_ASCII)),
                Tlv.encodeOne("57", track2()));
        return concat(Tlv.encodeOne("70", body), OK);
    }

    /** Track 2 equivalent data: PAN 'D' YYMM service code 220 discretionary data, F-padded. */
    private byte[] track2() {
        return hex(padF(profile.pan() + "D" + profile.expiryYymm() + "220" + "00000"));
    }

    private static String padF(String s) {
        return s.length() % 2 == 0 ? s : s + "F";
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static byte[] sw(int sw1, int sw2) {
        return new byte[] {(byte) sw1, (byte) sw2};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
