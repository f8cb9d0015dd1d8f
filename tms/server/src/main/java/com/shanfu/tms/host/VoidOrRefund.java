package com.shanfu.tms.host;

import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.ResponseCode;
import com.shanfu.tms.contract.BatchStatus;
import com.shanfu.tms.contract.TxnKind;
import com.shanfu.tms.contract.TxnStatus;
import com.shanfu.tms.issuer.Issuer;
import com.shanfu.tms.journal.Batch;
import com.shanfu.tms.journal.BatchRepository;
import com.shanfu.tms.journal.Txn;
import com.shanfu.tms.journal.TxnRepository;
import java.time.Clock;
import java.util.Optional;
import org.jpos.iso.ISOMsg;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Void (0200, processing code 200000, 60.1 = 23) and refund (0220, 200000, 60.1 = 25) of a purchase named in field 61
 * (original batch n6 + STAN n6). A void takes back a whole purchase of the open batch; refunds never exceed the
 * purchase minus earlier refunds. Each is journalled under its own STAN, so a repeat gets the stored answer.
 */
@Component
class VoidOrRefund {

    enum Kind {
        VOID,
        REFUND;

        TxnKind journalKind() {
            return this == VOID ? TxnKind.VOID : TxnKind.REFUND;
        }
    }

    private final TxnRepository journal;
    private final BatchRepository batches;
    private final Issuer issuer;
    private final TransactionTemplate tx;
    private final Clock clock;

    VoidOrRefund(TxnRepository journal, BatchRepository batches, Issuer issuer, TransactionTemplate tx, Clock clock) {
        this.journal = journal;
        this.batches = batches;
        this.issuer = issuer;
        this.tx = tx;
        this.clock = clock;
    }

    void handle(HostTerminals.Caller caller, ISOMsg request, ISOMsg response, Field60 f60, Kind kind) {
        tx.executeWithoutResult(status -> process(caller, request, response, f60, kind)); // a race is retried by Step
    }

    private void process(HostTerminals.Caller caller, ISOMsg request, ISOMsg response, Field60 f60, Kind kind) {
        String f61 = request.getString(61);
        if (f60 == null
                || !request.hasField(4)
                || !request.hasField(11)
                || f61 == null
                || f61.length() < 12
                || !f61.matches("\\d+")) {
            response.set(39, ResponseCode.FORMAT_ERROR);
            return;
        }
        var device = caller.device();
        int stan = Integer.parseInt(request.getString(11));
        long amount = Long.parseLong(request.getString(4));
        // lock order everywhere: the batch, then the journal line decided on, then the issuer's card account
        Batch batch = batches.lockOrOpen(device.id(), device.merchant().id(), f60.batch(), clock.instant());
        Optional<Txn> earlier = journal.findByDeviceIdAndBatchNoAndStan(device.id(), f60.batch(), stan);
        if (earlier.isPresent()) {
            if (earlier.get().amountFen() == amount && earlier.get().kind() == kind.journalKind()) {
                StoredAnswers.replay(earlier.get(), response);
            } else {
                response.set(39, ResponseCode.DUPLICATE);
            }
            return;
        }
        int originalBatch = Integer.parseInt(f61.substring(0, 6));
        // the sale's row is locked before its status and what is left are read: two refunds (or a void and a refund)
        // of one sale, from any batch, decide one after the other
        Optional<Txn> original = journal.lockByDeviceIdAndBatchNoAndStan(
                device.id(), originalBatch, Integer.parseInt(f61.substring(6, 12)));
        String rc = decide(kind, original, originalBatch, batch, f60, amount);
        if (rc.equals(ResponseCode.APPROVED)) {
            Txn o = original.orElseThrow();
            issuer.reverse(o.panHash(), amount, Txn.reference(device.id(), f60.batch(), stan));
            if (kind == Kind.VOID) {
                o.voidPurchase();
                batch.removeDebit(amount);
            } else {
                o.refund(amount);
                batch.addCredit(amount);
            }
        }
        Txn txn = new Txn(
                device.id(), device.merchant().id(), f60.batch(), stan, kind.journalKind(), amount, clock.instant());
        original.ifPresent(txn::originalIs);
        response.set(39, rc);
        StoredAnswers.journal(journal, txn, rc, null, response);
    }

    static String decide(Kind kind, Optional<Txn> original, int originalBatch, Batch batch, Field60 f60, long amount) {
        if (original.isEmpty() || original.get().kind() != TxnKind.PURCHASE) {
            return ResponseCode.UNABLE_TO_LOCATE;
        }
        Txn o = original.get();
        if (kind == Kind.VOID) {
            if (originalBatch != f60.batch()
                    || batch.status() != BatchStatus.OPEN
                    || o.status() != TxnStatus.APPROVED
                    || o.refundable() != o.amountFen()) {
                return ResponseCode.INVALID_TRANSACTION;
            }
            return amount == o.amountFen() ? ResponseCode.APPROVED : ResponseCode.INVALID_AMOUNT;
        }
        if (batch.status() != BatchStatus.OPEN) {
            return ResponseCode.INVALID_TRANSACTION;
        }
        return amount > 0 && amount <= o.refundable() ? ResponseCode.APPROVED : ResponseCode.INVALID_AMOUNT;
    }
}
