package com.shanfu.tms.host;

import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.ResponseCode;
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

    Reversal(TxnRepository journal, ReversalRepository reversals, BatchRepository batches,
             Issuer issuer, Clock clock) {
        this.journal = journal;
        this.reversals = reversals;
        this.batches = batches;
        this.issuer = issuer;
        this.clock = clock;
    }

    @Transactional
    public void handle(HostTerminals.Caller caller, ISOMsg request, ISOMsg response, Field60 f60) {
        if (f60 == null || !request.hasField(11) || !request.hasField(4)) {
            response.set(39, ResponseCode.FORMAT_ERROR);
            return;
        }
        Long deviceId = caller.device().id();
        int stan = Integer.parseInt(request.getString(11));
        var batch = batches.findByDeviceIdAndBatchNo(deviceId, f60.batch()); // locks: see Purchase
        if (reversals.findByDeviceIdAndBatchNoAndStan(deviceId, f60.batch(), stan).isEmpty()) {
            Optional<Txn> original = journal.findByDeviceIdAndBatchNoAndStan(deviceId, f60.batch(), stan);
            boolean undone = false;
            // once its batch has closed, a sale belongs to a payout: a late reversal is recorded, not undone
            boolean batchOpen = batch.map(b -> com.shanfu.tms.journal.Batch.OPEN.equals(b.status())).orElse(false);
            if (original.isPresent() && batchOpen && original.get().reverse()) {
                Txn t = original.get();
                issuer.reverse(t.panHash(), t.amountFen());
                batch.ifPresent(b -> b.removeDebit(t.amountFen()));
                undone = true;
            }
            String reason = request.hasField(39) ? request.getString(39) : "98";
            reversals.save(new com.shanfu.tms.journal.Reversal(deviceId, f60.batch(), stan,
                    original.map(Txn::amountFen).orElse(Long.parseLong(request.getString(4))), reason,
                    original.map(Txn::id).orElse(null), undone, clock.instant()));
        }
        response.set(39, ResponseCode.APPROVED);
    }
}
