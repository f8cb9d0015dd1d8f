package com.shanfu.tms.payout;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/** One side of a double-entry posting; append-only (database triggers refuse UPDATE and DELETE). */
@Entity
@Immutable
@Table(name = "ledger_entry")
public class LedgerEntry {

    /** What the schemes owe the acquirer for cleared sales, less refunds. */
    public static final String SCHEME_SETTLEMENT = "SCHEME_SETTLEMENT";
    /** What the acquirer owes merchants until it pays them. */
    public static final String MERCHANT_PAYABLE = "MERCHANT_PAYABLE";
    /** MDR earned. */
    public static final String FEE_INCOME = "FEE_INCOME";
    /** Money sent to merchants' settlement cards. */
    public static final String BANK = "BANK";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String posting;

    @Column(nullable = false)
    private String account;

    @Column(name = "merchant_id")
    private Long merchantId;

    @Column(name = "debit_fen", nullable = false)
    private long debitFen;

    @Column(name = "credit_fen", nullable = false)
    private long creditFen;

    @Column(nullable = false)
    private String memo;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected LedgerEntry() {}

    LedgerEntry(
            String posting,
            String account,
            Long merchantId,
            long debitFen,
            long creditFen,
            String memo,
            Instant createdAt) {
        this.posting = posting;
        this.account = account;
        this.merchantId = merchantId;
        this.debitFen = debitFen;
        this.creditFen = creditFen;
        this.memo = memo;
        this.createdAt = createdAt;
    }

    public String posting() {
        return posting;
    }

    public String account() {
        return account;
    }

    public Long merchantId() {
        return merchantId;
    }

    public long debitFen() {
        return debitFen;
    }

    public long creditFen() {
        return creditFen;
    }

    public String memo() {
        return memo;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
