package com.shanfu.tms.refund;

import com.shanfu.tms.contract.RefundStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A refund the merchant asked for in the portal. The terminal that took the sale carries it out with an ISO 8583
 * refund (push task REFUND), so the refund lands in that terminal's batch and the batch still balances.
 */
@Entity
@Table(name = "refund_request")
public class RefundRequest {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "merchant_id", nullable = false)
    private Long merchantId;

    @Column(name = "txn_id", nullable = false)
    private Long txnId;

    @Column(name = "amount_fen", nullable = false)
    private long amountFen;

    @Column(name = "request_ref", nullable = false)
    private String requestRef;

    @Column(name = "requested_by", nullable = false)
    private String requestedBy;

    @Column(nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    private RefundStatus status;

    private String reason;

    @Column(name = "task_id")
    private Long taskId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    protected RefundRequest() {}

    RefundRequest(
            Long merchantId, Long txnId, long amountFen, String requestRef, String requestedBy, Instant createdAt) {
        if (amountFen <= 0) {
            throw new IllegalArgumentException("a refund is more than zero");
        }
        this.merchantId = merchantId;
        this.txnId = txnId;
        this.amountFen = amountFen;
        this.requestRef = requestRef;
        this.requestedBy = requestedBy;
        this.status = RefundStatus.PENDING;
        this.createdAt = createdAt;
    }

    void sentAs(Long taskId) {
        this.taskId = taskId;
    }

    void finished(boolean done, String why, Instant at) {
        if (status != RefundStatus.PENDING) {
            return; // the terminal's answer came twice
        }
        status = done ? RefundStatus.DONE : RefundStatus.FAILED;
        reason = why;
        finishedAt = at;
    }

    public Long id() {
        return id;
    }

    public Long merchantId() {
        return merchantId;
    }

    public Long txnId() {
        return txnId;
    }

    public long amountFen() {
        return amountFen;
    }

    public String requestRef() {
        return requestRef;
    }

    public String requestedBy() {
        return requestedBy;
    }

    public RefundStatus status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public Long taskId() {
        return taskId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }
}
