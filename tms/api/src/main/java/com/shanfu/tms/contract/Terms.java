package com.shanfu.tms.contract;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * A merchant's settlement terms: the fee plan (MDR per card type in basis points, caps per sale in fen), the payout
 * cycle (T1 when null) and the settlement card, masked.
 */
public record Terms(
        @NotBlank @Pattern(regexp = "[A-Z0-9_-]{1,32}") String feePlan,
        @Min(0) @Max(1000) int debitRateBp,
        @Min(0) Long debitCapFen,
        @Min(0) @Max(1000) int creditRateBp,
        @Min(0) Long creditCapFen,
        SettlementCycle settlementCycle,
        @Pattern(regexp = "[0-9*]{12,19}") String settlementAccount) {

    /** The cycle, T1 when none was given. */
    public SettlementCycle cycle() {
        return settlementCycle == null ? SettlementCycle.T1 : settlementCycle;
    }
}
