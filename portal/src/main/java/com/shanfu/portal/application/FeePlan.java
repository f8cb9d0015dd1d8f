package com.shanfu.portal.application;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Set;

/** A merchant discount rate plan: a rate per card type in basis points, with an optional cap per sale in fen. */
@Entity
@Table(name = "fee_plan")
public class FeePlan {

    private static final Set<String> FOOD = Set.of("5812", "5814", "5499");

    @Id
    private String code;
    @Column(name = "name_zh", nullable = false)
    private String nameZh;
    @Column(name = "name_en", nullable = false)
    private String nameEn;
    @Column(name = "debit_rate_bp", nullable = false)
    private int debitRateBp;
    @Column(name = "debit_cap_fen")
    private Long debitCapFen;
    @Column(name = "credit_rate_bp", nullable = false)
    private int creditRateBp;
    @Column(name = "credit_cap_fen")
    private Long creditCapFen;
    @Column(nullable = false)
    private boolean active;

    protected FeePlan() {
    }

    /** The plan a business of this type gets unless staff choose another. */
    public static String forMcc(String mcc) {
        return FOOD.contains(mcc) ? "FOOD" : "STANDARD";
    }

    /** The fee on one sale, in fen, rounded half up. */
    public long feeFen(long amountFen, boolean credit) {
        return fee(amountFen, credit ? creditRateBp : debitRateBp, credit ? creditCapFen : debitCapFen);
    }

    /** The fee on a sale at a rate in basis points, rounded half up, then capped: the TMS's FeeSchedule rule. */
    public static long fee(long amountFen, int rateBp, Long capFen) {
        long fee = (amountFen * rateBp + 5_000) / 10_000;
        return capFen == null ? fee : Math.min(fee, capFen);
    }

    /** A rate in basis points as people read it: 38 → "0.38%". */
    public static String percent(int basisPoints) {
        return new java.math.BigDecimal(basisPoints).movePointLeft(2).stripTrailingZeros().toPlainString() + "%";
    }

    public String getCode() {
        return code;
    }

    public String name(boolean chinese) {
        return chinese ? nameZh : nameEn;
    }

    public int getDebitRateBp() {
        return debitRateBp;
    }

    public Long getDebitCapFen() {
        return debitCapFen;
    }

    public int getCreditRateBp() {
        return creditRateBp;
    }

    public Long getCreditCapFen() {
        return creditCapFen;
    }

    public boolean isActive() {
        return active;
    }
}
