package com.shanfu.tms.host;

import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.ResponseCode;
import com.shanfu.protocol.iso.SettlementTotals;
import com.shanfu.tms.contract.BatchStatus;
import com.shanfu.tms.journal.Batch;
import com.shanfu.tms.journal.BatchRepository;
import com.shanfu.tms.payout.Payouts;
import java.time.Clock;
import org.jpos.iso.ISOMsg;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Settlement (0500, 60.3 = 201): the terminal's totals in field 48 against the host's journal. Balanced: the batch
 * closes and 48 answers code 1. Not balanced: code 2, the batch stays open for the batch upload (0320).
 */
@Component
class Settlement {

    private final BatchRepository batches;
    private final Payouts payouts;
    private final Clock clock;

    Settlement(BatchRepository batches, Payouts payouts, Clock clock) {
        this.payouts = payouts;
        this.batches = batches;
        this.clock = clock;
    }

    @Transactional
    public void handle(HostTerminals.Caller caller, ISOMsg request, ISOMsg response, Field60 f60) {
        if (f60 == null || !request.hasField(48)) {
            response.set(39, ResponseCode.FORMAT_ERROR);
            return;
        }
        var device = caller.device();
        SettlementTotals terminalTotals = SettlementTotals.parse(request.getString(48));
        Batch batch = batches.lockOrOpen(device.id(), device.merchant().id(), f60.batch(), clock.instant());
        if (batch.status() != BatchStatus.OPEN) {
            // a repeated settlement of a batch that already closed balanced: same answer again
            response.set(48, batch.hostTotals().format(SettlementTotals.BALANCED));
            response.set(39, ResponseCode.APPROVED);
        } else {
            boolean balanced = batch.settle(terminalTotals, clock.instant());
            if (balanced) {
                payouts.forClosedBatch(batch);
            }
            response.set(
                    48,
                    batch.hostTotals().format(balanced ? SettlementTotals.BALANCED : SettlementTotals.NOT_BALANCED));
            response.set(39, ResponseCode.APPROVED);
        }
    }
}
