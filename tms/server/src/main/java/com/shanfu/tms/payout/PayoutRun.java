package com.shanfu.tms.payout;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import org.hibernate.annotations.Immutable;

/** The payout file of a value date, kept as made so that asking again returns the same file. */
@Entity
@Immutable
@Table(name = "payout_run")
public class PayoutRun {

    @Id
    @Column(name = "value_date")
    private LocalDate valueDate;

    @Column(nullable = false)
    private int transfers;

    @Column(name = "total_fen", nullable = false)
    private long totalFen;

    @Column(nullable = false)
    private String csv;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected PayoutRun() {}

    PayoutRun(LocalDate valueDate, int transfers, long totalFen, String csv, String createdBy, Instant createdAt) {
        this.valueDate = valueDate;
        this.transfers = transfers;
        this.totalFen = totalFen;
        this.csv = csv;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    public LocalDate valueDate() {
        return valueDate;
    }

    public int transfers() {
        return transfers;
    }

    public long totalFen() {
        return totalFen;
    }

    public String csv() {
        return csv;
    }
}
