package com.shanfu.tms.refund;

import com.shanfu.tms.config.PushTask;
import com.shanfu.tms.config.PushTasks;
import com.shanfu.tms.contract.DeviceStatus;
import com.shanfu.tms.contract.RefundStatus;
import com.shanfu.tms.contract.TaskKind;
import com.shanfu.tms.contract.TxnKind;
import com.shanfu.tms.contract.TxnStatus;
import com.shanfu.tms.device.Device;
import com.shanfu.tms.device.DeviceRepository;
import com.shanfu.tms.journal.Txn;
import com.shanfu.tms.journal.TxnRepository;
import com.shanfu.tms.merchant.Merchant;
import com.shanfu.tms.web.TmsException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Refunds asked for in the portal. What may still be refunded is the sale less what was refunded and less what is
 * already asked for and not finished; the sale's row is locked while that is checked, so two requests at once cannot
 * both take the rest. The terminal that took the sale is told to refund it; the host checks the amount again.
 */
@Service
public class RefundRequests {

    private final RefundRequestRepository requests;
    private final TxnRepository journal;
    private final DeviceRepository devices;
    private final PushTasks tasks;
    private final Clock clock;
    private final java.time.Duration expireAfter;

    RefundRequests(
            RefundRequestRepository requests,
            TxnRepository journal,
            DeviceRepository devices,
            PushTasks tasks,
            Clock clock,
            @org.springframework.beans.factory.annotation.Value("${shanfu.refunds.expire-after:P3D}")
                    java.time.Duration expireAfter) {
        this.expireAfter = expireAfter;
        this.requests = requests;
        this.journal = journal;
        this.devices = devices;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** Asks for a refund; the same request reference again returns the first request and does nothing more. */
    @Transactional
    public RefundRequest request(Merchant merchant, long txnId, long amountFen, String requestRef, String requestedBy) {
        // the sale's row is locked before anything else is read: under REPEATABLE READ the first plain read fixes the
        // snapshot, and one taken before the lock would not see a request committed by whoever held it
        Txn sale = journal.lockByIdAndMerchantId(txnId, merchant.id())
                .orElseThrow(
                        () -> new TmsException(HttpStatus.NOT_FOUND, "unknown-transaction", "no transaction " + txnId));
        var earlier = requests.findByRequestRef(requestRef);
        if (earlier.isPresent()) {
            if (!earlier.get().merchantId().equals(merchant.id())
                    || earlier.get().txnId() != txnId
                    || earlier.get().amountFen() != amountFen) {
                throw new TmsException(
                        HttpStatus.CONFLICT, "request-ref-used", "this request reference was used for another refund");
            }
            return earlier.get();
        }
        if (sale.kind() != TxnKind.PURCHASE || sale.status() != TxnStatus.APPROVED) {
            throw new TmsException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "not-refundable",
                    "only an approved sale can be refunded; this one is "
                            + sale.kind().name().toLowerCase() + ", "
                            + sale.status().name().toLowerCase());
        }
        long left = left(sale);
        if (amountFen <= 0) {
            throw new TmsException(
                    HttpStatus.UNPROCESSABLE_ENTITY, "amount-not-positive", "a refund is more than CNY 0.00");
        }
        if (amountFen > left) {
            throw new TmsException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "above-refundable",
                    "at most CNY " + yuan(left) + " of this sale can still be refunded (CNY " + yuan(amountFen)
                            + " asked)");
        }
        Device device = devices.findById(sale.deviceId()).orElseThrow();
        if (device.status() != DeviceStatus.ACTIVE) {
            throw new TmsException(
                    HttpStatus.CONFLICT,
                    "terminal-not-active",
                    "the terminal that took this sale is "
                            + device.status().name().toLowerCase() + "; it cannot refund");
        }
        RefundRequest r = requests.save(
                new RefundRequest(merchant.id(), txnId, amountFen, requestRef, requestedBy, clock.instant()));
        PushTask task = tasks.create(
                device,
                TaskKind.REFUND,
                Map.of(
                        "originalBatch",
                        sale.batchNo(),
                        "originalStan",
                        sale.stan(),
                        "amountFen",
                        amountFen,
                        "requestRef",
                        requestRef),
                "refund-" + r.id(),
                requestedBy);
        r.sentAs(task.getId());
        return r;
    }

    /** The sale less what was refunded and less what is asked for and not finished yet. */
    @Transactional(readOnly = true)
    public long left(Txn sale) {
        return left(List.of(sale)).get(sale.id());
    }

    /** What is left to refund of each of these transactions (0 for anything but an approved sale), in one query. */
    @Transactional(readOnly = true)
    public Map<Long, Long> left(List<Txn> txns) {
        Map<Long, Long> pending = new java.util.HashMap<>();
        if (!txns.isEmpty()) {
            requests.pendingFenByTxn(txns.stream().map(Txn::id).toList())
                    .forEach(row -> pending.put((Long) row[0], ((Number) row[1]).longValue()));
        }
        Map<Long, Long> left = new java.util.HashMap<>();
        txns.forEach(t -> left.put(t.id(), Math.max(0, t.refundable() - pending.getOrDefault(t.id(), 0L))));
        return left;
    }

    @Transactional(readOnly = true)
    public List<RefundRequest> ofMerchant(Merchant merchant) {
        return requests.findByMerchantIdOrderByCreatedAtDesc(merchant.id());
    }

    @Transactional(readOnly = true)
    public List<RefundRequest> ofTransaction(Txn sale) {
        return requests.findByTxnIdOrderByCreatedAtAsc(sale.id());
    }

    /** Requests that became DONE or FAILED at or after this moment, every merchant's, oldest first. */
    @Transactional(readOnly = true)
    public List<RefundRequest> finishedSince(java.time.Instant since) {
        return requests.findByFinishedAtGreaterThanEqualOrderByFinishedAtAsc(since);
    }

    /**
     * Refunds the terminal never carried out expire ({@code shanfu.refunds.expire-after}, 3 days by default): the
     * task is ended so the terminal will not run it any more, the request fails with the reason, its amount may be
     * asked for again, and the merchant is told through the finished-requests feed like any other failure.
     */
    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "${shanfu.refunds.sweep-every:PT10M}")
    @SchedulerLock(name = "refund-expiry", lockAtMostFor = "PT5M")
    void scheduledExpiry() {
        expireOverdue();
    }

    /** The expiry sweep itself (the schedule above runs it once per cluster); how many requests it expired. */
    public int expireOverdue() {
        int expired = 0;
        for (RefundRequest r : requests.findByStatusAndCreatedAtBefore(
                RefundStatus.PENDING, clock.instant().minus(expireAfter))) {
            if (r.taskId() != null
                    && tasks.expire(
                            r.taskId(),
                            "expired: the terminal did not carry it out within " + expireAfter.toDays() + " days")) {
                expired++;
            }
        }
        return expired;
    }

    @EventListener
    void onTaskFinished(PushTasks.TaskFinished finished) {
        if (finished.kind() == TaskKind.REFUND) {
            requests.findByTaskId(finished.taskId())
                    .ifPresent(r -> r.finished(finished.applied(), finished.reason(), clock.instant()));
        }
    }

    private static String yuan(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
