package com.shanfu.tms.host;

import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.ResponseCode;
import com.shanfu.tms.contract.BatchStatus;
import com.shanfu.tms.contract.TxnKind;
import com.shanfu.tms.issuer.Issuer;
import com.shanfu.tms.journal.BatchRepository;
import com.shanfu.tms.journal.ReversalRepository;
import com.shanfu.tms.journal.Txn;
import com.shanfu.tms.journal.TxnRepository;
import java.time.Clock;
import java.util.Optional;
import org.jpos.iso.ISOMsg;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reversal (0400): undoes the original named by TID + batch + STAN exactly once. A reversal of an original the host
 * never saw, or of a declined one, is acknowledged and recorded; a repeated reversal gets the same answer and
 * changes nothing.
 */
@Component("hostReversal")
class Reversal {

    private final TxnRepository journal;
    private final ReversalRepository reversals;
    private final BatchRepository batches;
    private final Issuer issuer;
    private final Clock clock;

    Reversal(TxnRepository journal, ReversalRepository reversals, BatchRepository batches, Issuer issuer, Clock clock) {
        this.journal = journal;
        this.reversals = reversals;
        this.batches = batches;
        this.issuer = issuer;
        this.clock = clock;
    }

    /**
     * Undoes the original once: a sale gives the money back; a void or refund takes it again and puts the sale back
     * (approved again, or refundable again).
     */
    private boolean undo(Txn t, com.shanfu.tms.journal.Batch batch) {
        if (t.kind() == TxnKind.PURCHASE) {
            if (!t.reverse()) {
                return false;
            }
            issuer.reverse(t.panHash(), t.amountFen(), t.reference());
            batch.removeDebit(t.amountFen());
            return true;
        }
        if (!t.reverseCancellation()) {
            return false;
        }
        Txn sale = journal.lockById(t.originalId()).orElseThrow();
        issuer.repost(t.panHash(), t.amountFen(), t.reference());
        if (t.kind() == TxnKind.VOID) {
            sale.unvoid();
            batch.addDebit(sale.amountFen()); // a void stays in its sale's batch
        } else {
            sale.unrefund(t.amountFen());
            batch.removeCredit(t.amountFen());
        }
        return true;
    }

    @Transactional
    public void handle(HostTerminals.Caller caller, ISOMsg request, ISOMsg response, Field60 f60) {
        if (f60 == null || !request.hasField(11) || !request.hasField(4)) {
            response.set(39, ResponseCode.FORMAT_ERROR);
            return;
        }
        Long deviceId = caller.device().id();
        int stan = Integer.parseInt(request.getString(11));
        // the batch is locked (and opened when the reversal comes first) before anything is read, so a purchase of
        // the same STAN and a second copy of this reversal wait for it and then see what it wrote
        var batch = batches.lockOrOpen(deviceId, caller.device().merchant().id(), f60.batch(), clock.instant());
        if (reversals
                .findByDeviceIdAndBatchNoAndStan(deviceId, f60.batch(), stan)
                .isEmpty()) {
            Optional<Txn> original = journal.lockByDeviceIdAndBatchNoAndStan(deviceId, f60.batch(), stan);
            // once its batch has closed, a transaction belongs to a payout: a late reversal is recorded, not undone
            boolean batchOpen = batch.status() == BatchStatus.OPEN;
            boolean undone = batchOpen && original.isPresent() && undo(original.get(), batch);
            String reason = request.hasField(39) ? request.getString(39) : "98";
            reversals.save(new com.shanfu.tms.journal.Reversal(
                    deviceId,
                    f60.batch(),
                    stan,
                    original.map(Txn::amountFen).orElse(Long.parseLong(request.getString(4))),
                    reason,
                    original.map(Txn::id).orElse(null),
                    undone,
                    clock.instant()));
        }
        response.set(39, ResponseCode.APPROVED);
    }
}
