package com.shanfu.tms.host;

import com.shanfu.protocol.iso.ResponseCode;
import com.shanfu.protocol.iso.ShanfuPackager;
import com.shanfu.tms.journal.Txn;
import com.shanfu.tms.journal.TxnRepository;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;

/** The answer a journal entry keeps (packed, without MAC), so a repeated request gets it again. */
final class StoredAnswers {

    private StoredAnswers() {}

    /**
     * Journals the transaction with its answer: the RRN (field 37) is the journal id, and the packed answer is kept
     * so that a repeat of the request gets exactly this answer again.
     */
    static void journal(TxnRepository journal, Txn txn, String rc, String authCode, ISOMsg response) {
        if (ResponseCode.APPROVED.equals(rc)) { // the e-receipt's link; unguessable, so the page needs no sign-in
            String token = receiptToken();
            txn.receiptToken(token);
            response.set(63, token);
        }
        txn.answer(rc, authCode, null, new byte[0]);
        journal.saveAndFlush(txn);
        String rrn = String.format("%012d", txn.id());
        response.set(37, rrn);
        txn.answer(rc, authCode, rrn, pack(response));
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** 128 random bits, base64url without padding: 22 characters. */
    static String receiptToken() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static byte[] pack(ISOMsg response) {
        try {
            return response.pack();
        } catch (ISOException e) {
            throw new IllegalStateException("response cannot be packed", e);
        }
    }

    static void replay(Txn txn, ISOMsg response) {
        try {
            ISOMsg stored = new ISOMsg();
            stored.setPackager(ShanfuPackager.shared());
            stored.unpack(txn.responseFields());
            for (int f = 2; f < 64; f++) {
                if (stored.hasField(f)) {
                    response.set(stored.getComponent(f));
                }
            }
        } catch (ISOException e) {
            throw new IllegalStateException("stored response of txn " + txn.id() + " cannot be read", e);
        }
    }
}
