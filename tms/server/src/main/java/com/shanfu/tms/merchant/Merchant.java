package com.shanfu.tms.merchant;

import com.shanfu.tms.contract.SettlementCycle;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "merchant")
public class Merchant {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String mid;

    @Column(name = "external_ref", nullable = false)
    private String externalRef;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String city;

    @Column(nullable = false)
    private String mcc;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "fee_plan", nullable = false)
    private String feePlan = FeeSchedule.STANDARD.code();

    @Column(name = "debit_rate_bp", nullable = false)
    private int debitRateBp = FeeSchedule.STANDARD.debitRateBp();

    @Column(name = "debit_cap_fen")
    private Long debitCapFen = FeeSchedule.STANDARD.debitCapFen();

    @Column(name = "credit_rate_bp", nullable = false)
    private int creditRateBp = FeeSchedule.STANDARD.creditRateBp();

    @Column(name = "credit_cap_fen")
    private Long creditCapFen = FeeSchedule.STANDARD.creditCapFen();

    @Column(name = "settlement_cycle", nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    private SettlementCycle settlementCycle = SettlementCycle.T1;

    @Column(name = "settlement_account")
    private String settlementAccount;

    protected Merchant() {}

    public Merchant(String externalRef, String name, String city, String mcc, Instant createdAt) {
        this.externalRef = externalRef;
        this.name = name;
        this.city = city;
        this.mcc = mcc;
        this.createdAt = createdAt;
    }

    /** MID (15): acquirer prefix 898, city code, MCC, then the merchant's sequence number. */
    void allocateMid() {
        if (mid != null) {
            throw new IllegalStateException("MID already allocated");
        }
        this.mid = "898" + mcc + String.format("%08d", id);
    }

    public Long id() {
        return id;
    }

    public String mid() {
        return mid;
    }

    public String name() {
        return name;
    }

    public String city() {
        return city;
    }

    public String mcc() {
        return mcc;
    }

    public FeeSchedule feeSchedule() {
        return new FeeSchedule(feePlan, debitRateBp, debitCapFen, creditRateBp, creditCapFen);
    }

    /** T1: paid the day after the batch closes; D0: the same day. */
    public SettlementCycle settlementCycle() {
        return settlementCycle;
    }

    /** The settlement card, masked (the portal holds it in full). */
    public String settlementAccount() {
        return settlementAccount;
    }

    public void settleWith(FeeSchedule fees, SettlementCycle cycle, String accountMasked) {
        if (cycle == null) {
            throw new IllegalArgumentException("settlement cycle must be T1 or D0");
        }
        if (accountMasked != null && !accountMasked.matches("[0-9*]{12,19}")) {
            throw new IllegalArgumentException("settlement account must be a masked card number");
        }
        this.feePlan = fees.code();
        this.debitRateBp = fees.debitRateBp();
        this.debitCapFen = fees.debitCapFen();
        this.creditRateBp = fees.creditRateBp();
        this.creditCapFen = fees.creditCapFen();
        this.settlementCycle = cycle;
        this.settlementAccount = accountMasked;
    }

    public String externalRef() {
        return externalRef;
    }
}
