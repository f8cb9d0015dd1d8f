package com.shanfu.portal.application;

import com.shanfu.tms.contract.SettlementCycle;
import com.shanfu.tms.contract.Terms;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * The rates of a fee plan: a merchant discount rate per card type in basis points, each with an optional cap per sale
 * in fen. Kept by a plan and by an announced plan change; the TMS's FeeSchedule applies the same rule to payouts.
 */
@Embeddable
public record FeeRates(
        @Column(name = "debit_rate_bp", nullable = false) int debitRateBp,
        @Column(name = "debit_cap_fen") Long debitCapFen,
        @Column(name = "credit_rate_bp", nullable = false) int creditRateBp,
        @Column(name = "credit_cap_fen") Long creditCapFen) {

    /** The fee on one sale, in fen: the rate, rounded half up, then the cap. */
    public long fee(long amountFen, boolean credit) {
        long fee = (amountFen * (credit ? creditRateBp : debitRateBp) + 5_000) / 10_000;
        Long cap = credit ? creditCapFen : debitCapFen;
        return cap == null ? fee : Math.min(fee, cap);
    }

    /** The rates as the TMS takes them, with the plan's code, the payout cycle and the masked settlement card. */
    public Terms terms(String plan, SettlementCycle cycle, String settlementAccount) {
        return new Terms(plan, debitRateBp, debitCapFen, creditRateBp, creditCapFen, cycle, settlementAccount);
    }

    public static FeeRates of(Terms t) {
        return new FeeRates(t.debitRateBp(), t.debitCapFen(), t.creditRateBp(), t.creditCapFen());
    }
}
