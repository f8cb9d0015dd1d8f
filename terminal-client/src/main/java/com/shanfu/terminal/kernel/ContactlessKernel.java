package com.shanfu.terminal.kernel;

import com.shanfu.protocol.emv.Dol;
import com.shanfu.protocol.emv.Tlv;
import com.shanfu.terminal.card.CardReader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A contactless (qPBOC / qVSDC style) kernel: SELECT PPSE, choose the AID by priority, SELECT AID, GET PROCESSING
 * OPTIONS with the PDOL data, READ RECORD per the AFL, then the limits of EMV Book B and field 55.
 * The same code runs against a software card and a physical card on a PC/SC reader.
 */
public final class ContactlessKernel {

    /** Field 55 tags (docs/protocol.md); never 56, 57, 5A, 5F20, 5F24, 99. */
    static final String[] FIELD_55 = {
        "9F26", "9F27", "9F10", "9F37", "9F36", "95", "9A", "9C", "9F02", "5F2A", "82", "9F1A", "9F03", "9F33"
    };

    private static final String PPSE = "2PAY.SYS.DDF01";

    private final KernelConfig config;
    private final SecureRandom random = new SecureRandom();

    public ContactlessKernel(KernelConfig config) {
        this.config = config;
    }

    public CardData tap(CardReader card, long amountFen, LocalDate date) throws KernelException {
        if (amountFen <= 0) {
            throw new KernelException("amount must be above zero");
        }
        if (amountFen >= config.transactionLimitFen()) {
            throw new KernelException("amount is over the contactless limit: insert or swipe the card");
        }
        String aid = chooseAid(expect(card, select(PPSE.getBytes(StandardCharsets.US_ASCII)), "SELECT PPSE"))
                .orElseThrow(() -> new KernelException("card has no supported application"));
        Tlv fci = Tlv.parse(expect(card, select(HexFormat.of().parseHex(aid)), "SELECT AID"));
        byte[] un = new byte[4];
        random.nextBytes(un);
        Tlv terminal = new Tlv()
                .put("9F66", config.ttq())
                .put("9F02", String.format("%012d", amountFen))
                .put("9F03", "000000000000")
                .put("9F1A", "0156")
                .put("95", "0000000000")
                .put("5F2A", "0156")
                .put("9A", date.format(DateTimeFormatter.ofPattern("yyMMdd")))
                .put("9C", "00")
                .put("9F37", un)
                .put("9F33", config.terminalCapabilities());
        byte[] pdolData = fci.has("9F38") ? Dol.parse(fci.get("9F38")).values(terminal) : new byte[0];
        byte[] gpoData = concat(new byte[] {(byte) 0x83, (byte) pdolData.length}, pdolData);
        Tlv gpo = Tlv.parse(expect(card, apdu(0x80, 0xA8, 0, 0, gpoData), "GET PROCESSING OPTIONS"));
        if (!gpo.has("9F26") || !gpo.has("9F36")) {
            throw new KernelException("card gave no online cryptogram: try again or use another card");
        }
        Tlv records = readRecords(card, gpo.get("94"));
        byte[] track2 = gpo.has("57") ? gpo.get("57") : records.get("57");
        String pan = records.has("5A")
                ? stripF(records.hex("5A"))
                : track2 != null
                        ? HexFormat.of().withUpperCase().formatHex(track2).split("D")[0]
                        : null;
        if (pan == null || !pan.matches("\\d{13,19}")) {
            throw new KernelException("card data unreadable: tap again");
        }
        String expiry = records.has("5F24") ? records.hex("5F24").substring(0, 4) : null;
        String psn = gpo.has("5F34") ? gpo.hex("5F34") : records.has("5F34") ? records.hex("5F34") : "00";
        Tlv field55 = new Tlv();
        for (String tag : FIELD_55) {
            byte[] v = gpo.has(tag) ? gpo.get(tag) : terminal.get(tag);
            if (v != null) {
                field55.put(tag, v);
            }
        }
        CardData.Cvm cvm = CardData.Cvm.NO_CVM;
        if (amountFen >= config.cvmLimitFen()) {
            byte[] ctq = gpo.get("9F6C");
            cvm = ctq != null && (ctq[1] & 0x80) != 0 ? CardData.Cvm.CDCVM : CardData.Cvm.ONLINE_PIN;
        }
        String label = fci.has("50") ? new String(fci.get("50"), StandardCharsets.US_ASCII) : aid;
        return new CardData(pan, psn, expiry, track2, field55.encode(FIELD_55), aid, label, cvm);
    }

    private Optional<String> chooseAid(byte[] ppseAnswer) {
        List<Tlv> entries = Tlv.templates(ppseAnswer, "61");
        return entries.stream()
                .filter(e -> e.has("4F") && config.aids().contains(e.hex("4F")))
                .min(Comparator.comparingInt((Tlv e) -> e.has("87") ? e.get("87")[0] & 0x0F : 15)
                        .thenComparingInt(e -> config.aids().indexOf(e.hex("4F"))))
                .map(e -> e.hex("4F"));
    }

    private Tlv readRecords(CardReader card, byte[] afl) throws KernelException {
        Tlv all = new Tlv();
        if (afl == null) {
            return all;
        }
        for (int i = 0; i + 4 <= afl.length; i += 4) {
            int sfi = (afl[i] & 0xFF) >> 3;
            for (int rec = afl[i + 1] & 0xFF; rec <= (afl[i + 2] & 0xFF); rec++) {
                Tlv r = Tlv.parse(expect(card, apdu(0x00, 0xB2, rec, (sfi << 3) | 4, null), "READ RECORD"));
                for (String tag : r.tags()) {
                    all.put(tag, r.get(tag));
                }
            }
        }
        return all;
    }

    private static byte[] select(byte[] name) {
        return apdu(0x00, 0xA4, 0x04, 0x00, name);
    }

    private static byte[] apdu(int cla, int ins, int p1, int p2, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(cla);
        out.write(ins);
        out.write(p1);
        out.write(p2);
        if (data != null) {
            out.write(data.length);
            out.writeBytes(data);
        }
        out.write(0x00);
        return out.toByteArray();
    }

    private static byte[] expect(CardReader card, byte[] command, String step) throws KernelException {
        byte[] r = card.transmit(command);
        if (r == null || r.length < 2) {
            throw new KernelException(step + ": the card left the reader before it was read. Nothing was charged:"
                    + " tap again and hold the card still until the beep");
        }
        int sw = ((r[r.length - 2] & 0xFF) << 8) | (r[r.length - 1] & 0xFF);
        if (sw != 0x9000) {
            throw new KernelException(step + " refused by the card (SW " + String.format("%04X", sw) + ")"
                    + (sw == 0x6A81 || sw == 0x6283 ? ": card blocked" : ""));
        }
        return Arrays.copyOf(r, r.length - 2);
    }

    private static String stripF(String s) {
        return s.replace("F", "");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
