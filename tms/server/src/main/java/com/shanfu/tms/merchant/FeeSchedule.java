package com.shanfu.tms.merchant;

/**
 * A merchant discount rate (MDR) plan: a rate per card type in basis points, each with an optional cap per sale in
 * fen. The fee on a sale is rounded half up to the fen, then capped; refunds give no fee back.
 */
public record FeeSchedule(String code, int debitRateBp, Long debitCapFen, int creditRateBp, Long creditCapFen) {

    public FeeSchedule {
        if (code == null || !code.matches("[A-Z0-9_-]{1,32}")) {
            throw new IllegalArgumentException("fee plan code must be 1-32 of A-Z, 0-9, '_', '-'");
        }
        if (debitRateBp < 0 || debitRateBp > 1000 || creditRateBp < 0 || creditRateBp > 1000) {
            throw new IllegalArgumentException("rates must be 0..1000 basis points (0%..10%)");
        }
        if ((debitCapFen != null && debitCapFen < 0) || (creditCapFen != null && creditCapFen < 0)) {
            throw new IllegalArgumentException("caps must not be negative");
        }
    }

    public static final FeeSchedule STANDARD = new FeeSchedule("STANDARD", 38, 2000L, 60, null);

    /** The fee on one sale, in fen. {@code credit} selects the credit card rate; anything else pays the debit rate. */
    public long feeFen(long amountFen, boolean credit) {
        if (amountFen < 0) {
            throw new IllegalArgumentException("a sale's amount is not negative");
        }
        long fee = Math.addExact(Math.multiplyExact(amountFen, credit ? creditRateBp : debitRateBp), 5_000) / 10_000;
        Long cap = credit ? creditCapFen : debitCapFen;
        return cap == null ? fee : Math.min(fee, cap);
    }
}
