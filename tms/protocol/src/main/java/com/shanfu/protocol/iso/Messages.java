package com.shanfu.protocol.iso;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOPackager;

/** Builders for the terminal's requests, as docs/protocol.md lays them out. MACs are added by the caller. */
public final class Messages {

    private static final ISOPackager PACKAGER = ShanfuPackager.shared();
    public static final String CURRENCY_CNY = "156";
    /** Field 22: 07 = contactless chip (qPBOC), then 1 = PIN entry capability, 2 = no PIN entered. */
    public static final String ENTRY_CONTACTLESS_NO_PIN = "072";

    public static final String ENTRY_CONTACTLESS_PIN = "071";

    private Messages() {}

    public record Terminal(String tid, String mid) {}

    /**
     * Sign-on, authenticated: field 63 carries the device's serial number (the one the TID was issued to), 62 the
     * challenge (counter ‖ nonce) and 64 the MAC under the sign-on key derived from the TMK ({@link SignOnAuth}).
     */
    public static ISOMsg signOn(
            Terminal t,
            String serial,
            int stan,
            int batch,
            SignOnAuth.Challenge challenge,
            byte[] tmk,
            LocalDateTime now)
            throws ISOException {
        if (serial == null || !serial.matches("[A-Z0-9-]{6,32}")) {
            throw new IllegalArgumentException("serial must be 6-32 of A-Z, 0-9, '-'");
        }
        ISOMsg m = base("0800", t, stan, now);
        m.set(60, new Field60("00", batch, Field60.SIGN_ON).format());
        m.set(62, challenge.field62());
        m.set(63, serial);
        byte[] key = SignOnAuth.signOnKey(tmk);
        try {
            SignOnAuth.signRequest(m, key);
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
        return m;
    }

    public static ISOMsg echo(Terminal t, int stan, int batch, LocalDateTime now) throws ISOException {
        ISOMsg m = base("0820", t, stan, now);
        m.set(60, new Field60("00", batch, Field60.ECHO).format());
        return m;
    }

    /** Parameter download (0800, 60.3 = 370..372 or 380..382); field 62 names the key or AID asked for. */
    public static ISOMsg parameters(
            Terminal t, int stan, int batch, String networkCode, byte[] request, LocalDateTime now)
            throws ISOException {
        ISOMsg m = base("0800", t, stan, now);
        m.set(60, new Field60("00", batch, networkCode).format());
        if (request != null && request.length > 0) {
            m.set(62, request);
        }
        return m;
    }

    /**
     * A contactless purchase: PAN and track 2 equivalent (tag 57 as read) encrypted under the data key in field 35
     * ({@link com.shanfu.protocol.crypto.CardDataCipher}; no field 2), PAN sequence (5F34), ICC data (field 55),
     * and the PIN block when online PIN was taken.
     */
    public static ISOMsg purchase(
            Terminal t,
            int stan,
            int batch,
            long amountFen,
            String pan,
            String panSequence,
            byte[] track2,
            byte[] iccData,
            byte[] pinBlock,
            byte[] dataKey,
            LocalDateTime now)
            throws ISOException {
        ISOMsg m = base("0200", t, stan, now);
        m.set(3, "000000");
        m.set(4, String.format("%012d", amountFen));
        m.set(22, pinBlock == null ? ENTRY_CONTACTLESS_NO_PIN : ENTRY_CONTACTLESS_PIN);
        if (panSequence != null) {
            m.set(23, String.format("%03d", Integer.parseInt(panSequence)));
        }
        m.set(25, "00");
        m.set(35, com.shanfu.protocol.crypto.CardDataCipher.encrypt(dataKey, pan, track2));
        m.set(49, CURRENCY_CNY);
        if (pinBlock != null) {
            m.set(26, "06");
            m.set(52, pinBlock);
        }
        m.set(55, iccData);
        m.set(60, new Field60("22", batch, Field60.TRANSACTION).format());
        return m;
    }

    /** Void (0200, 200000, 60.1 = 23) of a purchase of the open batch: its amount, RRN and batch + STAN in 61. */
    public static ISOMsg voidSale(
            Terminal t,
            int stan,
            int batch,
            long amountFen,
            int originalBatch,
            int originalStan,
            String originalRrn,
            LocalDateTime now)
            throws ISOException {
        ISOMsg m = base("0200", t, stan, now);
        m.set(3, "200000");
        m.set(4, String.format("%012d", amountFen));
        m.set(25, "00");
        if (originalRrn != null) {
            m.set(37, originalRrn);
        }
        m.set(49, CURRENCY_CNY);
        m.set(60, new Field60("23", batch, Field60.TRANSACTION).format());
        m.set(61, String.format("%06d%06d", originalBatch, originalStan));
        return m;
    }

    /** Refund (0220, 200000, 60.1 = 25) of part or all of a purchase: 61 = original batch + STAN + date MMDD. */
    public static ISOMsg refund(
            Terminal t,
            int stan,
            int batch,
            long amountFen,
            int originalBatch,
            int originalStan,
            String originalDateMmdd,
            String originalRrn,
            LocalDateTime now)
            throws ISOException {
        ISOMsg m = base("0220", t, stan, now);
        m.set(3, "200000");
        m.set(4, String.format("%012d", amountFen));
        m.set(25, "00");
        if (originalRrn != null) {
            m.set(37, originalRrn);
        }
        m.set(49, CURRENCY_CNY);
        m.set(60, new Field60("25", batch, Field60.TRANSACTION).format());
        m.set(61, String.format("%06d%06d%s", originalBatch, originalStan, originalDateMmdd));
        return m;
    }

    /** One line of a batch upload (0320, 60.3 = 201): a counted sale or refund of the batch. */
    public static ISOMsg batchUploadLine(
            Terminal t,
            int stan,
            int batch,
            boolean refund,
            long amountFen,
            int lineBatch,
            int lineStan,
            String rrn,
            LocalDateTime now)
            throws ISOException {
        ISOMsg m = base("0320", t, stan, now);
        m.set(3, refund ? "200000" : "000000");
        m.set(4, String.format("%012d", amountFen));
        if (rrn != null) {
            m.set(37, rrn);
        }
        m.set(49, CURRENCY_CNY);
        m.set(60, new Field60("00", batch, Field60.SETTLEMENT).format());
        m.set(61, String.format("%06d%06d", lineBatch, lineStan));
        return m;
    }

    /** The end of a batch upload (0320, 60.3 = 207) with the number of lines sent in field 48. */
    public static ISOMsg batchUploadEnd(Terminal t, int stan, int batch, int lines, LocalDateTime now)
            throws ISOException {
        ISOMsg m = base("0320", t, stan, now);
        m.set(48, String.format("%04d", lines));
        m.set(60, new Field60("00", batch, Field60.BATCH_UPLOAD_END).format());
        return m;
    }

    /** Reason codes of field 39 in a reversal. */
    public static final String REVERSAL_NO_ANSWER = "98";

    public static final String REVERSAL_TERMINAL_FAULT = "96";

    /**
     * A reversal (0400) of the purchase with this STAN and batch: the same processing code, amount and ICC data, and
     * the reason in field 39. The PAN is not repeated; TID + batch + STAN name the original.
     */
    public static ISOMsg reversal(
            Terminal t, int originalStan, int batch, long amountFen, byte[] iccData, String reason, LocalDateTime now)
            throws ISOException {
        ISOMsg m = base("0400", t, originalStan, now);
        m.set(3, "000000");
        m.set(4, String.format("%012d", amountFen));
        m.set(22, ENTRY_CONTACTLESS_NO_PIN);
        m.set(25, "00");
        m.set(39, reason);
        m.set(49, CURRENCY_CNY);
        if (iccData != null) {
            m.set(55, iccData);
        }
        m.set(60, new Field60("22", batch, Field60.TRANSACTION).format());
        return m;
    }

    public static ISOMsg settlement(Terminal t, int stan, int batch, SettlementTotals totals, LocalDateTime now)
            throws ISOException {
        ISOMsg m = base("0500", t, stan, now);
        m.set(48, totals.format("0"));
        m.set(49, CURRENCY_CNY);
        m.set(60, new Field60("00", batch, Field60.SETTLEMENT).format());
        return m;
    }

    /** Fields 12 and 13: local time and date, made once (every message and answer carries them). */
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("HHmmss");

    private static final DateTimeFormatter LOCAL_DATE = DateTimeFormatter.ofPattern("MMdd");

    /** The fields an answer carries back from its request (docs/protocol.md). */
    private static final int[] ECHOED = {3, 4, 11, 22, 23, 25, 41, 42, 49, 60, 61};

    /** The skeleton of the host's answer to a request: its response MTI, the echoed fields, local time and date. */
    public static ISOMsg answerTo(ISOMsg request, LocalDateTime now) throws ISOException {
        ISOMsg response = new ISOMsg();
        response.setPackager(PACKAGER);
        response.setMTI(request.getMTI());
        response.setResponseMTI();
        for (int f : ECHOED) {
            if (request.hasField(f)) {
                response.set(f, request.getString(f));
            }
        }
        response.set(12, now.format(LOCAL_TIME));
        response.set(13, now.format(LOCAL_DATE));
        return response;
    }

    private static ISOMsg base(String mti, Terminal t, int stan, LocalDateTime now) throws ISOException {
        if (stan < 1 || stan > 999_999) {
            throw new IllegalArgumentException("STAN must be 1..999999");
        }
        ISOMsg m = new ISOMsg(mti);
        m.setPackager(PACKAGER);
        m.set(11, String.format("%06d", stan));
        m.set(12, now.format(LOCAL_TIME));
        m.set(13, now.format(LOCAL_DATE));
        m.set(41, t.tid());
        m.set(42, t.mid());
        return m;
    }
}
