package com.shanfu.tms.payout;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One journal line of a payout: a sale with its fee, or a refund. A transaction is paid out at most once. */
@Entity
@Table(name = "payout_line")
public class PayoutLine {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "payout_id", nullable = false)
    private Long payoutId;

    @Column(name = "txn_id", nullable = false)
    private Long txnId;

    @Column(nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    private com.shanfu.tms.contract.TxnKind kind;

    @Column(name = "card_type")
    private String cardType;

    @Column(name = "amount_fen", nullable = false)
    private long amountFen;

    @Column(name = "fee_fen", nullable = false)
    private long feeFen;

    @Column(name = "net_fen", nullable = false)
    private long netFen;

    protected PayoutLine() {}

    public Long txnId() {
        return txnId;
    }

    public com.shanfu.tms.contract.TxnKind kind() {
        return kind;
    }

    public String cardType() {
        return cardType;
    }

    public long amountFen() {
        return amountFen;
    }

    public long feeFen() {
        return feeFen;
    }

    public long netFen() {
        return netFen;
    }
}
