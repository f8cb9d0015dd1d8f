package com.shanfu.tms.payout;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.tms.merchant.FeeSchedule;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Payouts sum to the cent: for random streams of 10,000 sales and refunds over random merchants, batches and fee
 * plans, every payout's net is its gross less refunds less fees, the lines add up to the payout, and the payouts add
 * up to what an independent calculation (BigDecimal, half-up per sale, then the cap) says the merchants are owed.
 */
class PayoutPropertyTests {

    record Op(int merchant, int batch, boolean refund, boolean credit, long amountFen) {}

    @Provide
    Arbitrary<List<Op>> streams() {
        Arbitrary<Long> amounts = Arbitraries.oneOf(
                Arbitraries.longs().between(1, 10_000), Arbitraries.longs().between(1, 99_999_999));
        return Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(1, 6),
                        Arbitraries.integers().between(0, 9).map(i -> i == 0),
                        Arbitraries.of(true, false),
                        amounts)
                .as(Op::new)
                .list()
                .ofSize(10_000);
    }

    @Provide
    Arbitrary<List<FeeSchedule>> plans() {
        Arbitrary<Long> caps = Arbitraries.oneOf(
                Arbitraries.just((Long) null), Arbitraries.longs().between(0, 5_000));
        return Combinators.combine(
                        Arbitraries.integers().between(0, 1000),
                        caps,
                        Arbitraries.integers().between(0, 1000),
                        caps)
                .as((d, dc, c, cc) -> new FeeSchedule("P", d, dc, c, cc))
                .list()
                .ofSize(5);
    }

    @Property(tries = 25)
    void payouts_of_random_streams_sum_to_the_cent(
            @ForAll("streams") List<Op> ops, @ForAll("plans") List<FeeSchedule> plans) {
        Map<String, List<PayoutCalculator.Entry>> batches = new HashMap<>();
        long id = 0;
        BigDecimal owed = BigDecimal.ZERO;
        for (Op op : ops) {
            com.shanfu.tms.contract.TxnKind kind = op.refund() ? PayoutCalculator.REFUND : PayoutCalculator.SALE;
            batches.computeIfAbsent(op.merchant() + "/" + op.batch(), k -> new ArrayList<>())
                    .add(new PayoutCalculator.Entry(++id, kind, op.credit() ? "CREDIT" : "DEBIT", op.amountFen()));
            owed = owed.add(
                    op.refund()
                            ? BigDecimal.valueOf(-op.amountFen())
                            : BigDecimal.valueOf(
                                    op.amountFen() - oracleFee(plans.get(op.merchant()), op.amountFen(), op.credit())));
        }
        long paid = 0;
        int lines = 0;
        for (var e : batches.entrySet()) {
            FeeSchedule plan = plans.get(Integer.parseInt(e.getKey().split("/")[0]));
            PayoutCalculator.Result r = PayoutCalculator.compute(e.getValue(), plan);
            assertThat(r.netFen()).isEqualTo(r.grossFen() - r.refundsFen() - r.feeFen());
            assertThat(r.lines().stream()
                            .mapToLong(PayoutCalculator.Line::netFen)
                            .sum())
                    .isEqualTo(r.netFen());
            assertThat(r.lines().stream()
                            .mapToLong(PayoutCalculator.Line::feeFen)
                            .sum())
                    .isEqualTo(r.feeFen());
            for (PayoutCalculator.Line l : r.lines()) {
                assertThat(l.feeFen()).isBetween(0L, l.amountFen());
                Long cap = "CREDIT".equals(l.cardType()) ? plan.creditCapFen() : plan.debitCapFen();
                if (cap != null) {
                    assertThat(l.feeFen()).isLessThanOrEqualTo(cap);
                }
            }
            paid += r.netFen();
            lines += r.lines().size();
        }
        assertThat(lines).isEqualTo(ops.size());
        assertThat(BigDecimal.valueOf(paid)).isEqualByComparingTo(owed);
    }

    private static long oracleFee(FeeSchedule plan, long amountFen, boolean credit) {
        BigDecimal fee = BigDecimal.valueOf(amountFen)
                .multiply(BigDecimal.valueOf(credit ? plan.creditRateBp() : plan.debitRateBp()))
                .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_UP);
        Long cap = credit ? plan.creditCapFen() : plan.debitCapFen();
        return cap == null ? fee.longValueExact() : Math.min(fee.longValueExact(), cap);
    }
}
