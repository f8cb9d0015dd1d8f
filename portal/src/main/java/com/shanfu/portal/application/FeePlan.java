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

    @jakarta.persistence.Embedded
    private FeeRates rates;

    @Column(nullable = false)
    private boolean active;

    protected FeePlan() {}

    /** The plan a business of this type gets unless staff choose another. */
    public static String forMcc(String mcc) {
        return FOOD.contains(mcc) ? "FOOD" : "STANDARD";
    }

    /** The fee on one sale, in fen, rounded half up. */
    public long feeFen(long amountFen, boolean credit) {
        return rates.fee(amountFen, credit);
    }

    public FeeRates rates() {
        return rates;
    }

    /** A rate in basis points as people read it: 38 → "0.38%". */
    public static String percent(int basisPoints) {
        return new java.math.BigDecimal(basisPoints)
                        .movePointLeft(2)
                        .stripTrailingZeros()
                        .toPlainString() + "%";
    }

    public String getCode() {
        return code;
    }

    public String name(boolean chinese) {
        return chinese ? nameZh : nameEn;
    }

    public int getDebitRateBp() {
        return rates.debitRateBp();
    }

    public Long getDebitCapFen() {
        return rates.debitCapFen();
    }

    public int getCreditRateBp() {
        return rates.creditRateBp();
    }

    public boolean isActive() {
        return active;
    }
}
