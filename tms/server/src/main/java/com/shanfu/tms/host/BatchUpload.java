package com.shanfu.tms.host;

import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.ResponseCode;
import com.shanfu.tms.contract.BatchStatus;
import com.shanfu.tms.contract.TxnKind;
import com.shanfu.tms.journal.BatchRepository;
import com.shanfu.tms.journal.BatchUploads;
import com.shanfu.tms.journal.TxnRepository;
import com.shanfu.tms.payout.Payouts;
import java.time.Clock;
import org.jpos.iso.ISOMsg;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Batch upload (0320) after a settlement answered "not balanced": one message per counted line (60.3 = 201; 3 =
 * 000000 sale or 200000 refund; 61 = the line's batch + STAN; 4 = amount), then the end (60.3 = 207). At the end the
 * host reconciles line by line, records every difference, closes the batch on its own journal's totals and answers
 * the number of differences in field 48.
 */
@Component
class BatchUpload {

    private final BatchRepository batches;
    private final TxnRepository journal;
    private final BatchUploads uploads;
    private final Payouts payouts;
    private final Clock clock;

    BatchUpload(Payouts payouts, BatchRepository batches, TxnRepository journal, BatchUploads uploads, Clock clock) {
        this.batches = batches;
        this.journal = journal;
        this.uploads = uploads;
        this.clock = clock;
        this.payouts = payouts;
    }

    @Transactional
    public void handle(HostTerminals.Caller caller, ISOMsg request, ISOMsg response, Field60 f60) {
        var device = caller.device();
        var batch = f60 == null
                ? null
                : batches.findByDeviceIdAndBatchNo(device.id(), f60.batch()).orElse(null);
        if (batch == null) {
            response.set(39, ResponseCode.UNABLE_TO_LOCATE);
        } else if (batch.status() != BatchStatus.OPEN) {
            response.set(39, ResponseCode.APPROVED); // already reconciled and closed: a repeat changes nothing
        } else if (Field60.BATCH_UPLOAD_END.equals(f60.networkCode())) {
            int differences = uploads.reconcile(
                    batch, journal.findByDeviceIdAndBatchNo(device.id(), f60.batch()), clock.instant());
            batch.closeAfterUpload(clock.instant());
            payouts.forClosedBatch(batch);
            response.set(48, String.format("%03d", Math.min(differences, 999)));
            response.set(39, ResponseCode.APPROVED);
        } else if (Field60.SETTLEMENT.equals(f60.networkCode())
                && request.hasField(4)
                && request.hasField(61)
                && request.getString(61).length() >= 12) {
            TxnKind kind = "200000".equals(request.getString(3)) ? TxnKind.REFUND : TxnKind.PURCHASE;
            uploads.line(
                    batch,
                    Integer.parseInt(request.getString(61).substring(6, 12)),
                    kind,
                    Long.parseLong(request.getString(4)),
                    clock.instant());
            response.set(39, ResponseCode.APPROVED);
        } else {
            response.set(39, ResponseCode.FORMAT_ERROR);
        }
    }
}
