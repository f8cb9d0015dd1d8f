package com.shanfu.tms.journal;

import com.shanfu.protocol.iso.SettlementTotals;
import com.shanfu.tms.contract.BatchStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A terminal's batch: open while it takes transactions, closed when settlement balances. */
@Entity
@Table(name = "batch")
public class Batch {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "device_id", nullable = false)
    private Long deviceId;

    @Column(name = "merchant_id", nullable = false)
    private Long merchantId;

    @Column(name = "batch_no", nullable = false)
    private int batchNo;

    @Column(nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    private BatchStatus status;

    @Column(name = "opened_at", nullable = false)
    private Instant openedAt;

    @Column(name = "closed_at")
    private Instant closedAt;

    @Column(name = "debit_total", nullable = false)
    private long debitTotal;

    @Column(name = "debit_count", nullable = false)
    private int debitCount;

    @Column(name = "credit_total", nullable = false)
    private long creditTotal;

    @Column(name = "credit_count", nullable = false)
    private int creditCount;

    @Column(name = "terminal_totals")
    private String terminalTotals;

    private Boolean balanced;

    protected Batch() {}

    public Batch(Long deviceId, Long merchantId, int batchNo, Instant openedAt) {
        this.deviceId = deviceId;
        this.merchantId = merchantId;
        this.batchNo = batchNo;
        this.status = BatchStatus.OPEN;
        this.openedAt = openedAt;
    }

    public void addDebit(long amountFen) {
        requireOpen();
        debitTotal += amountFen;
        debitCount++;
    }

    public void addCredit(long amountFen) {
        requireOpen();
        creditTotal += amountFen;
        creditCount++;
    }

    public void removeDebit(long amountFen) {
        requireOpen();
        if (debitCount == 0 || debitTotal < amountFen) {
            throw new IllegalStateException("batch " + batchNo + " has no such debit to remove");
        }
        debitTotal -= amountFen;
        debitCount--;
    }

    public void removeCredit(long amountFen) {
        requireOpen();
        if (creditCount == 0 || creditTotal < amountFen) {
            throw new IllegalStateException("batch " + batchNo + " has no such credit to remove");
        }
        creditTotal -= amountFen;
        creditCount--;
    }

    /** Compares the terminal's totals with the host's; closes the batch when they agree. */
    public boolean settle(SettlementTotals terminal, Instant at) {
        requireOpen();
        this.terminalTotals = terminal.format(SettlementTotals.BALANCED).substring(0, 30);
        this.balanced = terminal.equals(hostTotals());
        if (balanced) {
            status = BatchStatus.CLOSED;
            closedAt = at;
        }
        return balanced;
    }

    /** After a batch upload: the host's journal is what counts; the batch closes unbalanced, differences recorded. */
    public void closeAfterUpload(Instant at) {
        requireOpen();
        balanced = false;
        status = BatchStatus.CLOSED;
        closedAt = at;
    }

    public Long id() {
        return id;
    }

    public SettlementTotals hostTotals() {
        return new SettlementTotals(debitTotal, debitCount, creditTotal, creditCount);
    }

    private void requireOpen() {
        if (status != BatchStatus.OPEN) {
            throw new IllegalStateException("batch " + batchNo + " is closed");
        }
    }

    public int batchNo() {
        return batchNo;
    }

    public BatchStatus status() {
        return status;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public Instant closedAt() {
        return closedAt;
    }

    public Boolean balanced() {
        return balanced;
    }

    public Long merchantId() {
        return merchantId;
    }

    public Long deviceId() {
        return deviceId;
    }
}
