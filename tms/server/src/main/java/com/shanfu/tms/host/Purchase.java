package com.shanfu.tms.host;

import com.shanfu.protocol.crypto.CardDataCipher;
import com.shanfu.protocol.emv.Tlv;
import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.ResponseCode;
import com.shanfu.tms.contract.BatchStatus;
import com.shanfu.tms.contract.TxnKind;
import com.shanfu.tms.issuer.Issuer;
import com.shanfu.tms.journal.Batch;
import com.shanfu.tms.journal.BatchRepository;
import com.shanfu.tms.journal.ReversalRepository;
import com.shanfu.tms.journal.Txn;
import com.shanfu.tms.journal.TxnRepository;
import com.shanfu.tms.keys.SecurityModule;
import com.shanfu.tms.keys.ZoneKeys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOUtil;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Purchase (0200, processing code 000000): MAC, terminal, idempotency on TID + batch + STAN, issuer authorization,
 * journal entry and batch totals — all committed in one database transaction before the answer is sent.
 */
@Component
class Purchase {

    static final long MAX_AMOUNT_FEN = 99_999_999L;

    private final Issuer issuer;
    private final TxnRepository journal;
    private final BatchRepository batches;
    private final ReversalRepository reversals;
    private final SecurityModule securityModule;
    private final ZoneKeys zoneKeys;
    private final TransactionTemplate tx;
    private final Clock clock;

    Purchase(
            Issuer issuer,
            TxnRepository journal,
            BatchRepository batches,
            ReversalRepository reversals,
            SecurityModule securityModule,
            ZoneKeys zoneKeys,
            TransactionTemplate tx,
            Clock clock) {
        this.zoneKeys = zoneKeys;
        this.reversals = reversals;
        this.issuer = issuer;
        this.journal = journal;
        this.batches = batches;
        this.securityModule = securityModule;
        this.tx = tx;
        this.clock = clock;
    }

    void handle(HostTerminals.Caller caller, ISOMsg request, ISOMsg response, Field60 f60) {
        tx.executeWithoutResult(status -> process(caller, request, response, f60)); // a race is retried by Step
    }

    private void process(HostTerminals.Caller caller, ISOMsg request, ISOMsg response, Field60 f60) {
        if (f60 == null || !request.hasField(4) || !request.hasField(11) || !request.hasField(55)) {
            response.set(39, ResponseCode.FORMAT_ERROR);
            return;
        }
        if (!readableChipData(request.getBytes(55)) || !request.getString(4).matches("\\d{12}")) {
            response.set(39, ResponseCode.FORMAT_ERROR); // refused before anything is read or written
            return;
        }
        if (request.hasField(2) || !request.hasField(35)) {
            response.set(39, ResponseCode.FORMAT_ERROR); // card data travels only encrypted, in field 35
            return;
        }
        CardDataCipher.Clear cardData;
        try {
            cardData = securityModule.decryptCardData(
                    request.getBytes(35), caller.keys().dataKey());
        } catch (IllegalArgumentException e) {
            response.set(39, ResponseCode.FORMAT_ERROR); // not under this terminal's data key: nothing is written
            return;
        }
        var device = caller.device();
        int stan = Integer.parseInt(request.getString(11));
        long amount = Long.parseLong(request.getString(4));
        // the batch row is the lock that orders a purchase and a reversal of the same STAN: taken before anything of
        // the batch is read (the transaction reads committed data, so what is read after the lock is current)
        Batch batch = batches.lockOrOpen(device.id(), device.merchant().id(), f60.batch(), clock.instant());
        if (reversals
                .findByDeviceIdAndBatchNoAndStan(device.id(), f60.batch(), stan)
                .isPresent()) {
            response.set(39, ResponseCode.INVALID_TRANSACTION); // already reversed by the terminal: never charge it
            return;
        }
        Optional<Txn> earlier = journal.findByDeviceIdAndBatchNoAndStan(device.id(), f60.batch(), stan);
        if (earlier.isPresent()) {
            if (earlier.get().amountFen() == amount && earlier.get().kind() == TxnKind.PURCHASE) {
                StoredAnswers.replay(earlier.get(), response);
            } else {
                response.set(39, ResponseCode.DUPLICATE);
            }
            return;
        }
        Issuer.Card card = card(cardData, request);
        String rc = validate(amount, batch, request, card);
        Txn txn = new Txn(
                device.id(), device.merchant().id(), f60.batch(), stan, TxnKind.PURCHASE, amount, clock.instant());
        if (card != null) {
            txn.card(
                    card.masked(),
                    securityModule.lookupHash(card.pan()),
                    securityModule.encryptData(card.pan().getBytes(StandardCharsets.US_ASCII)),
                    card.scheme());
        }
        Issuer.Authorization auth = null;
        if (rc == null) {
            Optional<Issuer.Pin> pin = Optional.empty();
            boolean pinReadable = true;
            if (request.hasField(52)) { // translated from the terminal's PIN key to the issuer's zone key
                var translated = securityModule.translatePin(
                        request.getBytes(52), caller.keys().pinKey(), zoneKeys.issuerPinKey(), card.pan());
                pinReadable = translated.isPresent();
                pin = translated.map(b -> new Issuer.Pin(b, zoneKeys.issuerPinKey()));
            }
            if (pinReadable) {
                auth = issuer.authorize(
                        card, amount, request.getString(49), request.getBytes(55), pin.orElse(null), txn.reference());
                rc = auth.responseCode();
                txn.cardType(auth.cardType());
                txn.declineReason(auth.declineReason());
            } else {
                rc = ResponseCode.WRONG_PIN;
                txn.declineReason("PIN_UNREADABLE");
            }
        } else {
            txn.declineReason("HOST_" + rc);
        }
        response.set(39, rc);
        if (auth != null && auth.authCode() != null) {
            response.set(38, auth.authCode());
        }
        if (auth != null && auth.arpc() != null) {
            response.set(55, Tlv.encodeOne("91", ISOUtil.concat(auth.arpc(), rc.getBytes(StandardCharsets.US_ASCII))));
        }
        if (ResponseCode.APPROVED.equals(rc)) {
            batch.addDebit(amount);
        }
        StoredAnswers.journal(journal, txn, rc, auth == null ? null : auth.authCode(), response);
    }

    /** Field 55 parses as BER-TLV and carries what the issuer checks: cryptogram, counter, amount and currency. */
    static boolean readableChipData(byte[] icc) {
        try {
            Tlv t = Tlv.parse(icc);
            return t.has("9F26")
                    && t.has("9F36")
                    && t.has("9F02")
                    && t.has("5F2A")
                    && t.get("9F36").length == 2
                    && t.get("9F02").length == 6;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String validate(long amount, Batch batch, ISOMsg request, Issuer.Card card) {
        if (amount <= 0 || amount > MAX_AMOUNT_FEN) {
            return ResponseCode.INVALID_AMOUNT;
        }
        if (batch.status() != BatchStatus.OPEN) {
            return ResponseCode.INVALID_TRANSACTION;
        }
        if (!"156".equals(request.getString(49))) {
            return ResponseCode.INVALID_TRANSACTION;
        }
        if (card == null) {
            return ResponseCode.INVALID_CARD;
        }
        return null;
    }

    /** PAN from the decrypted field 35 (tag 5A), expiry from field 14, else from its track 2 (PAN 'D' YYMM ...). */
    private static Issuer.Card card(CardDataCipher.Clear cardData, ISOMsg request) {
        String track2 = cardData.track2() == null ? null : ISOUtil.hexString(cardData.track2());
        String pan = cardData.pan();
        String expiry = request.getString(14);
        if (track2 != null && track2.indexOf('D') > 0) {
            int d = track2.indexOf('D');
            pan = pan == null ? track2.substring(0, d) : pan;
            expiry = expiry == null && track2.length() >= d + 5 ? track2.substring(d + 1, d + 5) : expiry;
        }
        if (pan == null || !pan.matches("\\d{13,19}")) {
            return null;
        }
        String psn = request.hasField(23) ? request.getString(23).substring(1) : "00";
        return new Issuer.Card(pan, psn, expiry);
    }
}
