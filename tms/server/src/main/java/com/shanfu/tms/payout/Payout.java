package com.shanfu.tms.payout;

import com.shanfu.tms.contract.PayoutStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;

/** What one closed batch pays its merchant; SCHEDULED until a payout run (on or after the value date) pays it. */
@Entity
@Table(name = "payout")
public class Payout {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "merchant_id", nullable = false)
    private Long merchantId;

    @Column(name = "batch_id", nullable = false)
    private Long batchId;

    @Column(name = "fee_plan", nullable = false)
    private String feePlan;

    @Column(name = "business_date", nullable = false)
    private LocalDate businessDate;

    @Column(name = "value_date", nullable = false)
    private LocalDate valueDate;

    @Column(name = "gross_fen", nullable = false)
    private long grossFen;

    @Column(name = "refunds_fen", nullable = false)
    private long refundsFen;

    @Column(name = "fee_fen", nullable = false)
    private long feeFen;

    @Column(name = "net_fen", nullable = false)
    private long netFen;

    @Column(name = "sale_count", nullable = false)
    private int saleCount;

    @Column(name = "refund_count", nullable = false)
    private int refundCount;

    @Column(nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    private PayoutStatus status;

    @Column(name = "run_date")
    private LocalDate runDate;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Payout() {}

    Payout(
            Long merchantId,
            Long batchId,
            String feePlan,
            LocalDate businessDate,
            LocalDate valueDate,
            PayoutCalculator.Result r,
            Instant createdAt) {
        this.merchantId = merchantId;
        this.batchId = batchId;
        this.feePlan = feePlan;
        this.businessDate = businessDate;
        this.valueDate = valueDate;
        this.grossFen = r.grossFen();
        this.refundsFen = r.refundsFen();
        this.feeFen = r.feeFen();
        this.netFen = r.netFen();
        this.saleCount = r.saleCount();
        this.refundCount = r.refundCount();
        this.status = PayoutStatus.SCHEDULED;
        this.createdAt = createdAt;
    }

    void paidIn(LocalDate run) {
        if (status != PayoutStatus.SCHEDULED) {
            throw new IllegalStateException("payout " + id + " is already " + status);
        }
        status = PayoutStatus.PAID;
        runDate = run;
    }

    public Long id() {
        return id;
    }

    public Long merchantId() {
        return merchantId;
    }

    public Long batchId() {
        return batchId;
    }

    public String feePlan() {
        return feePlan;
    }

    public LocalDate businessDate() {
        return businessDate;
    }

    public LocalDate valueDate() {
        return valueDate;
    }

    public long grossFen() {
        return grossFen;
    }

    public long refundsFen() {
        return refundsFen;
    }

    public long feeFen() {
        return feeFen;
    }

    public long netFen() {
        return netFen;
    }

    public int saleCount() {
        return saleCount;
    }

    public int refundCount() {
        return refundCount;
    }

    public PayoutStatus status() {
        return status;
    }

    public LocalDate runDate() {
        return runDate;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
