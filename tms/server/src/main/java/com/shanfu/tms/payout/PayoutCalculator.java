package com.shanfu.tms.payout;

import com.shanfu.tms.contract.TxnKind;
import com.shanfu.tms.merchant.FeeSchedule;
import java.util.ArrayList;
import java.util.List;

/**
 * What a closed batch pays a merchant, line by line: each approved sale less its fee, each approved refund taken
 * back in full (no fee is returned). Pure arithmetic in fen, no rounding beyond each sale's fee, so the totals are
 * exactly the sums of the lines: net = gross − refunds − fees.
 */
public final class PayoutCalculator {

    public static final TxnKind SALE = TxnKind.PURCHASE;
    public static final TxnKind REFUND = TxnKind.REFUND;

    private PayoutCalculator() {}

    /** A counted line of the batch: an approved sale or refund. */
    public record Entry(long txnId, TxnKind kind, String cardType, long amountFen) {
        public Entry {
            if (kind != SALE && kind != REFUND) {
                throw new IllegalArgumentException("a payout line is a sale or a refund, not " + kind);
            }
            if (amountFen <= 0) {
                throw new IllegalArgumentException("a payout line's amount is positive");
            }
        }
    }

    public record Line(long txnId, TxnKind kind, String cardType, long amountFen, long feeFen, long netFen) {}

    public record Result(
            List<Line> lines,
            long grossFen,
            long refundsFen,
            long feeFen,
            long netFen,
            int saleCount,
            int refundCount) {}

    public static Result compute(List<Entry> entries, FeeSchedule fees) {
        List<Line> lines = new ArrayList<>(entries.size());
        long gross = 0;
        long refunds = 0;
        long fee = 0;
        int sales = 0;
        int refundCount = 0;
        for (Entry e : entries) {
            if (e.kind() == SALE) {
                long f = fees.feeFen(e.amountFen(), "CREDIT".equals(e.cardType()));
                lines.add(new Line(e.txnId(), e.kind(), e.cardType(), e.amountFen(), f, e.amountFen() - f));
                gross = Math.addExact(gross, e.amountFen());
                fee = Math.addExact(fee, f);
                sales++;
            } else {
                lines.add(new Line(e.txnId(), e.kind(), e.cardType(), e.amountFen(), 0, -e.amountFen()));
                refunds = Math.addExact(refunds, e.amountFen());
                refundCount++;
            }
        }
        return new Result(List.copyOf(lines), gross, refunds, fee, gross - refunds - fee, sales, refundCount);
    }
}
