package com.shanfu.portal.merchant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

/**
 * A dispute about one transaction: opened by the merchant (a wrong charge, a refund that did not arrive) or a
 * chargeback notice staff register on behalf of the card issuer, which the merchant answers with evidence before
 * its deadline. Staff decide it.
 */
@Entity
@Table(name = "dispute")
public class Dispute {

    public static final int TEXT_MAX = 2000;

    public enum Kind {
        MERCHANT,
        CHARGEBACK
    }

    /** OPEN: waiting for the merchant's answer (chargeback) or for staff (merchant's dispute); ANSWERED: for staff. */
    public enum Status {
        OPEN,
        ANSWERED,
        WON,
        LOST;

        boolean decided() {
            return this == WON || this == LOST;
        }
    }

    public static final Set<String> REASONS =
            Set.of("NOT_RECOGNISED", "DUPLICATE", "AMOUNT_WRONG", "REFUND_MISSING", "GOODS_NOT_RECEIVED", "OTHER");

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String mid;

    @Column(name = "txn_id", nullable = false)
    private long txnId;

    @Column(name = "txn_summary", nullable = false)
    private String txnSummary;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Kind kind;

    @Column(nullable = false)
    private String reason;

    @Column(name = "amount_fen", nullable = false)
    private long amountFen;

    @Column(nullable = false)
    private String description;

    private String answer;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Status status;

    @Column(name = "respond_by")
    private LocalDate respondBy;

    @Column(name = "decision_note")
    private String decisionNote;

    @Column(name = "decided_by")
    private String decidedBy;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Dispute() {}

    Dispute(
            String mid,
            long txnId,
            String txnSummary,
            Kind kind,
            String reason,
            long amountFen,
            String description,
            LocalDate respondBy,
            String createdBy,
            Instant at) {
        if (!REASONS.contains(reason)) {
            throw new IllegalArgumentException("unknown dispute reason " + reason);
        }
        if (amountFen <= 0) {
            throw new IllegalArgumentException("a dispute is about more than zero");
        }
        this.mid = mid;
        this.txnId = txnId;
        this.txnSummary = txnSummary;
        this.kind = kind;
        this.reason = reason;
        this.amountFen = amountFen;
        this.description = description;
        this.respondBy = respondBy;
        this.status = Status.OPEN;
        this.createdBy = createdBy;
        this.createdAt = at;
        this.updatedAt = at;
    }

    /** The merchant's answer to a chargeback (or more words on its own dispute); not after the decision. */
    void answer(String text, Instant at) {
        if (status.decided()) {
            throw new IllegalStateException("decided");
        }
        this.answer = text;
        if (kind == Kind.CHARGEBACK) {
            this.status = Status.ANSWERED;
        }
        this.updatedAt = at;
    }

    void decide(boolean merchantWins, String note, String staff, Instant at) {
        if (status.decided()) {
            throw new IllegalStateException("decided");
        }
        this.status = merchantWins ? Status.WON : Status.LOST;
        this.decisionNote = note;
        this.decidedBy = staff;
        this.updatedAt = at;
    }

    void touched(Instant at) {
        this.updatedAt = at;
    }

    public Long getId() {
        return id;
    }

    public String getMid() {
        return mid;
    }

    public long getTxnId() {
        return txnId;
    }

    public String getTxnSummary() {
        return txnSummary;
    }

    public Kind getKind() {
        return kind;
    }

    public String getReason() {
        return reason;
    }

    public long getAmountFen() {
        return amountFen;
    }

    public String getDescription() {
        return description;
    }

    public String getAnswer() {
        return answer;
    }

    public Status getStatus() {
        return status;
    }

    public LocalDate getRespondBy() {
        return respondBy;
    }

    public String getDecisionNote() {
        return decisionNote;
    }

    public String getDecidedBy() {
        return decidedBy;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
