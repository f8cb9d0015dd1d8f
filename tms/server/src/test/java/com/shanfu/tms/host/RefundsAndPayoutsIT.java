package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.protocol.iso.MessageMac;
import com.shanfu.protocol.iso.Messages;
import com.shanfu.protocol.iso.SettlementTotals;
import com.shanfu.protocol.iso.WorkingKeys;
import com.shanfu.tms.merchant.Merchant;
import com.shanfu.tms.payout.LedgerEntry;
import com.shanfu.tms.payout.Payout;
import com.shanfu.tms.payout.PayoutLine;
import com.shanfu.tms.payout.PayoutRun;
import com.shanfu.tms.payout.Payouts;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.NACChannel;
import org.junit.jupiter.api.Test;

/**
 * Money going back and out over the real channels: refunds never above what is left, voids of the open batch, refunds
 * asked from the portal, reversed cancellations, an unbalanced batch reconciled line by line, and payouts net of fees
 * that balance the ledger to the cent, against MariaDB.
 */
class RefundsAndPayoutsIT extends FinancialFlowBase {

    @Test
    void refunds_never_exceed_what_is_left_and_voids_take_back_a_whole_sale_of_the_open_batch() throws Exception {
        try (SignedOn session = signedOn()) {
            Messages.Terminal t = session.terminal();
            NACChannel channel = session.channel();
            WorkingKeys keys = session.keys();
            long start = balance();
            assertThat(exchange(channel, purchase(t, 2, 5000, keys)).getString(39))
                    .isEqualTo("00");
            assertThat(signed(channel, keys, Messages.refund(t, 3, 1, 2000, 1, 2, "1129", null, LocalDateTime.now())))
                    .isEqualTo("00");
            assertThat(balance()).isEqualTo(start - 3000);
            assertThat(signed(channel, keys, Messages.refund(t, 4, 1, 3001, 1, 2, "1129", null, LocalDateTime.now())))
                    .as("above the original minus earlier refunds")
                    .isEqualTo("13");
            assertThat(signed(channel, keys, Messages.refund(t, 5, 1, 3000, 1, 2, "1129", null, LocalDateTime.now())))
                    .isEqualTo("00");
            assertThat(balance()).isEqualTo(start);
            assertThat(signed(channel, keys, Messages.voidSale(t, 6, 1, 5000, 1, 2, null, LocalDateTime.now())))
                    .as("a refunded sale cannot be voided")
                    .isEqualTo("12");

            assertThat(exchange(channel, purchase(t, 7, 800, keys)).getString(39))
                    .isEqualTo("00");
            ISOMsg voidMsg = Messages.voidSale(t, 8, 1, 800, 1, 7, null, LocalDateTime.now());
            MessageMac.sign(voidMsg, keys.macKey());
            ISOMsg voided = exchange(channel, voidMsg);
            assertThat(voided.getString(39)).isEqualTo("00");
            ISOMsg again = Messages.voidSale(t, 8, 1, 800, 1, 7, null, LocalDateTime.now());
            MessageMac.sign(again, keys.macKey());
            assertThat(exchange(channel, again).getString(37))
                    .as("a repeat gets the stored answer")
                    .isEqualTo(voided.getString(37));
            assertThat(signed(channel, keys, Messages.voidSale(t, 9, 1, 800, 1, 7, null, LocalDateTime.now())))
                    .as("voided once only")
                    .isEqualTo("12");
            assertThat(balance()).isEqualTo(start);
            assertThat(signed(channel, keys, Messages.voidSale(t, 10, 1, 100, 1, 99, null, LocalDateTime.now())))
                    .as("unknown original")
                    .isEqualTo("25");

            ISOMsg settle = Messages.settlement(t, 11, 1, new SettlementTotals(5000, 1, 5000, 2), LocalDateTime.now());
            MessageMac.sign(settle, keys.macKey());
            assertThat(SettlementTotals.reconciliationCode(
                            exchange(channel, settle).getString(48)))
                    .isEqualTo("1");
        }
    }

    @Test
    void portal_refund_requests_at_once_never_take_more_than_is_left_and_a_refused_one_gives_it_back()
            throws Exception {
        try (SignedOn session = signedOn()) {
            assertThat(exchange(session.channel(), purchase(session.terminal(), 2, 5000, session.keys()))
                            .getString(39))
                    .isEqualTo("00");
            Merchant m = merchants.byMid(session.terminal().mid());
            var sale = journal.findByMerchantIdOrderByCreatedAtDesc(
                            m.id(), org.springframework.data.domain.PageRequest.of(0, 1))
                    .getContent()
                    .getFirst();
            // eight requests of 30.00 at the same moment on a 50.00 sale: exactly one gets through
            var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
            java.util.List<java.util.concurrent.Future<Object>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String ref = "race-" + UUID.randomUUID();
                all.add(pool.submit(() -> {
                    try {
                        return refundRequests.request(m, sale.id(), 3000, ref, "owner");
                    } catch (com.shanfu.tms.web.TmsException e) {
                        return e.code();
                    }
                }));
            }
            java.util.List<Object> results = new java.util.ArrayList<>();
            for (var f : all) {
                results.add(f.get());
            }
            pool.close();
            assertThat(results)
                    .filteredOn(r -> r instanceof com.shanfu.tms.refund.RefundRequest)
                    .hasSize(1);
            assertThat(results).filteredOn("above-refundable"::equals).hasSize(7);
            var first = (com.shanfu.tms.refund.RefundRequest) results.stream()
                    .filter(r -> r instanceof com.shanfu.tms.refund.RefundRequest)
                    .findFirst()
                    .orElseThrow();

            // the same reference again is the same request, not a second one; another amount under it is refused
            assertThat(refundRequests
                            .request(m, sale.id(), 3000, first.requestRef(), "owner")
                            .id())
                    .isEqualTo(first.id());
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                                    com.shanfu.tms.web.TmsException.class,
                                    () -> refundRequests.request(m, sale.id(), 2000, first.requestRef(), "owner"))
                            .code())
                    .isEqualTo("request-ref-used");
            // what is left is 20.00; one fen more is refused with the amount in the message
            var above = org.assertj.core.api.Assertions.catchThrowableOfType(
                    com.shanfu.tms.web.TmsException.class,
                    () -> refundRequests.request(m, sale.id(), 2001, "more-" + UUID.randomUUID(), "owner"));
            assertThat(above.getMessage()).contains("at most CNY 20.00");
            // another merchant cannot ask for a refund of this sale
            Merchant other = merchants.register(UUID.randomUUID().toString(), "别家小店", "上海", "5411");
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                                    com.shanfu.tms.web.TmsException.class,
                                    () -> refundRequests.request(
                                            other, sale.id(), 100, "other-" + UUID.randomUUID(), "owner"))
                            .code())
                    .isEqualTo("unknown-transaction");

            // the terminal refuses the task: the request fails and its 30.00 may be asked for again
            var device = devices.bySerial(serialOf(sale.deviceId()));
            pushTasks.report(device, first.taskId(), false, "declined by the host (13)");
            assertThat(refundRequests.ofTransaction(sale))
                    .singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo(com.shanfu.tms.contract.RefundStatus.FAILED));
            assertThat(refundRequests.left(journal.findById(sale.id()).orElseThrow()))
                    .isEqualTo(5000);
            assertThat(refundRequests
                            .request(m, sale.id(), 5000, "all-" + UUID.randomUUID(), "owner")
                            .status())
                    .isEqualTo(com.shanfu.tms.contract.RefundStatus.PENDING);
        }
    }

    @Test
    void a_reversed_void_or_refund_puts_the_sale_back_exactly_once() throws Exception {
        try (SignedOn session = signedOn()) {
            Messages.Terminal t = session.terminal();
            NACChannel channel = session.channel();
            WorkingKeys keys = session.keys();
            long start = balance();
            assertThat(exchange(channel, purchase(t, 2, 7000, keys)).getString(39))
                    .isEqualTo("00");
            assertThat(signed(channel, keys, Messages.voidSale(t, 3, 1, 7000, 1, 2, null, LocalDateTime.now())))
                    .isEqualTo("00");
            assertThat(balance()).isEqualTo(start);
            for (int attempt = 0; attempt < 2; attempt++) {
                ISOMsg reversal =
                        Messages.reversal(t, 3, 1, 7000, null, Messages.REVERSAL_NO_ANSWER, LocalDateTime.now());
                assertThat(signed(channel, keys, reversal)).isEqualTo("00");
                assertThat(balance())
                        .as("the void is undone once, attempt " + attempt)
                        .isEqualTo(start - 7000);
            }
            assertThat(signed(channel, keys, Messages.refund(t, 4, 1, 3000, 1, 2, "1129", null, LocalDateTime.now())))
                    .as("the sale is approved again, so it can be refunded")
                    .isEqualTo("00");
            assertThat(balance()).isEqualTo(start - 4000);
            ISOMsg refundReversal =
                    Messages.reversal(t, 4, 1, 3000, null, Messages.REVERSAL_NO_ANSWER, LocalDateTime.now());
            assertThat(signed(channel, keys, refundReversal)).isEqualTo("00");
            assertThat(signed(channel, keys, refundReversal))
                    .as("a repeat changes nothing")
                    .isEqualTo("00");
            assertThat(balance()).isEqualTo(start - 7000);
            assertThat(signed(channel, keys, Messages.refund(t, 5, 1, 7000, 1, 2, "1129", null, LocalDateTime.now())))
                    .as("the whole sale is refundable again")
                    .isEqualTo("00");
            assertThat(balance()).isEqualTo(start);
            ISOMsg settle = Messages.settlement(t, 6, 1, new SettlementTotals(7000, 1, 7000, 1), LocalDateTime.now());
            assertThat(SettlementTotals.reconciliationCode(
                            signedAnswer(channel, keys, settle).getString(48)))
                    .isEqualTo("1");
        }
    }

    @Test
    void an_unbalanced_batch_is_uploaded_reconciled_line_by_line_and_closed() throws Exception {
        try (SignedOn session = signedOn()) {
            Messages.Terminal t = session.terminal();
            NACChannel channel = session.channel();
            WorkingKeys keys = session.keys();
            assertThat(exchange(channel, purchase(t, 2, 1000, keys)).getString(39))
                    .isEqualTo("00");
            assertThat(exchange(channel, purchase(t, 3, 2000, keys)).getString(39))
                    .isEqualTo("00");

            ISOMsg settle = Messages.settlement(t, 4, 1, new SettlementTotals(1500, 2, 0, 0), LocalDateTime.now());
            MessageMac.sign(settle, keys.macKey());
            assertThat(SettlementTotals.reconciliationCode(
                            exchange(channel, settle).getString(48)))
                    .isEqualTo("2");

            assertThat(signed(
                            channel,
                            keys,
                            Messages.batchUploadLine(t, 5, 1, false, 1000, 1, 2, null, LocalDateTime.now())))
                    .isEqualTo("00");
            assertThat(signed(
                            channel,
                            keys,
                            Messages.batchUploadLine(t, 6, 1, false, 500, 1, 9, null, LocalDateTime.now())))
                    .isEqualTo("00");
            ISOMsg end = Messages.batchUploadEnd(t, 7, 1, 2, LocalDateTime.now());
            MessageMac.sign(end, keys.macKey());
            ISOMsg ended = exchange(channel, end);
            assertThat(ended.getString(39)).isEqualTo("00");
            assertThat(ended.getString(48))
                    .as("stan 3 missing on the terminal, stan 9 unknown to the host")
                    .isEqualTo("002");
            assertThat(jdbc.queryForList(
                            "select d.reason from settlement_difference d join batch b on b.id = d.batch_id"
                                    + " join device v on v.id = b.device_id where v.tid = ? order by d.stan",
                            String.class,
                            t.tid()))
                    .containsExactly("NOT_ON_TERMINAL", "NOT_ON_HOST");

            ISOMsg again = Messages.settlement(t, 8, 1, new SettlementTotals(1500, 2, 0, 0), LocalDateTime.now());
            MessageMac.sign(again, keys.macKey());
            ISOMsg closed = exchange(channel, again);
            assertThat(SettlementTotals.reconciliationCode(closed.getString(48)))
                    .isEqualTo("1");
            assertThat(SettlementTotals.parse(closed.getString(48)).debitTotal())
                    .as("closed on the host's journal")
                    .isEqualTo(3000);
        }
    }

    @Test
    void a_settled_batch_pays_out_net_of_fees_by_card_type_and_the_ledger_balances() throws Exception {
        try (SignedOn session = signedOn()) {
            Messages.Terminal t = session.terminal();
            NACChannel channel = session.channel();
            WorkingKeys keys = session.keys();
            // debit 0.38% capped at 20.00, credit 0.60% (the STANDARD plan): 10000.00 debit → 20.00 (capped),
            // 123.45 debit → 0.47, 500.00 credit → 3.00; refund 23.45 gives no fee back
            assertThat(exchange(channel, purchase(t, 2, 1, 1_000_000, keys, "123456", PAN, "3112", false))
                            .getString(39))
                    .isEqualTo("00");
            assertThat(exchange(channel, purchase(t, 3, 1, 12_345, keys, null, PAN, "3112", false))
                            .getString(39))
                    .isEqualTo("00");
            assertThat(exchange(channel, purchase(t, 4, 1, 50_000, keys, null, "6258091234567894", "3112", false))
                            .getString(39))
                    .isEqualTo("00");
            assertThat(signed(channel, keys, Messages.refund(t, 5, 1, 2_345, 1, 3, "1129", null, LocalDateTime.now())))
                    .isEqualTo("00");
            ISOMsg settle =
                    Messages.settlement(t, 6, 1, new SettlementTotals(1_062_345, 3, 2_345, 1), LocalDateTime.now());
            assertThat(SettlementTotals.reconciliationCode(
                            signedAnswer(channel, keys, settle).getString(48)))
                    .isEqualTo("1");

            Merchant m = merchants.byMid(t.mid());
            List<Payout> mine = payouts.ofMerchant(m.id());
            assertThat(mine).hasSize(1);
            Payout p = mine.getFirst();
            assertThat(p.grossFen()).isEqualTo(1_062_345);
            assertThat(p.refundsFen()).isEqualTo(2_345);
            assertThat(p.feeFen()).isEqualTo(2_000 + 47 + 300);
            assertThat(p.netFen()).isEqualTo(1_062_345 - 2_345 - 2_347);
            assertThat(p.valueDate()).as("T+1").isEqualTo(p.businessDate().plusDays(1));
            assertThat(payouts.lines(p.id()))
                    .extracting(PayoutLine::cardType)
                    .as("a refund carries its sale's card type")
                    .containsExactlyInAnyOrder("DEBIT", "DEBIT", "CREDIT", "DEBIT");

            PayoutRun run = payouts.run(p.valueDate(), "test");
            String line = run.csv()
                    .lines()
                    .filter(l -> l.contains(t.mid()))
                    .findFirst()
                    .orElseThrow();
            assertThat(line).contains(",\"张三便利店\",").contains(",10576.53,CNY," + p.id());
            assertThat(payouts.run(p.valueDate(), "again").csv())
                    .as("the same file again")
                    .isEqualTo(run.csv());
            assertThat(payouts.ofMerchant(m.id()).getFirst().status())
                    .isEqualTo(com.shanfu.tms.contract.PayoutStatus.PAID);
            Payouts.LedgerBalance ledger = payouts.balance();
            assertThat(ledger.balanced()).as(ledger.toString()).isTrue();
            assertThat(jdbc.queryForObject(
                            "select sum(debit_fen) - sum(credit_fen) from ledger_entry where account = ?"
                                    + " and merchant_id = ?",
                            Long.class,
                            LedgerEntry.MERCHANT_PAYABLE,
                            m.id()))
                    .as("nothing left owed")
                    .isZero();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> jdbc.update("update ledger_entry set debit_fen = 0"))
                    .as("the ledger is append-only")
                    .hasMessageContaining("append-only");
        }
    }

    @Test
    void a_random_stream_of_sales_refunds_voids_and_reversals_pays_out_to_the_cent() throws Exception {
        java.util.Random random = new java.util.Random(20261129L);
        try (SignedOn session = signedOn()) {
            Messages.Terminal t = session.terminal();
            NACChannel channel = session.channel();
            WorkingKeys keys = session.keys();
            String[] cards = {PAN, "6258091234567894"};
            int stan = 2;
            long expectedNet = 0;
            for (int batch = 1; batch <= 2; batch++) {
                java.util.Map<Integer, long[]> sales =
                        new java.util.LinkedHashMap<>(); // stan → amount, refunded, credit
                long debit = 0;
                long credit = 0;
                int debits = 0;
                int credits = 0;
                for (int i = 0; i < 150; i++) {
                    int dice = random.nextInt(10);
                    if (dice < 6 || sales.isEmpty()) {
                        int card = random.nextInt(2);
                        long amount = 1 + random.nextInt(random.nextBoolean() ? 10_000 : 2_000_000);
                        int s = stan++;
                        if ("00"
                                .equals(exchange(
                                                channel,
                                                purchase(
                                                        t,
                                                        s,
                                                        batch,
                                                        amount,
                                                        keys,
                                                        amount >= 100_000 ? "123456" : null,
                                                        cards[card],
                                                        "3112",
                                                        false))
                                        .getString(39))) {
                            sales.put(s, new long[] {amount, 0, card});
                            debit += amount;
                            debits++;
                        }
                    } else {
                        var keysOf = new ArrayList<>(sales.keySet());
                        int original = keysOf.get(random.nextInt(keysOf.size()));
                        long[] sale = sales.get(original);
                        if (dice < 8 && sale[0] > sale[1]) {
                            long amount = 1 + (long) (random.nextDouble() * (sale[0] - sale[1]));
                            if ("00"
                                    .equals(signed(
                                            channel,
                                            keys,
                                            Messages.refund(
                                                    t,
                                                    stan++,
                                                    batch,
                                                    amount,
                                                    batch,
                                                    original,
                                                    "1129",
                                                    null,
                                                    LocalDateTime.now())))) {
                                sale[1] += amount;
                                credit += amount;
                                credits++;
                            }
                        } else if (dice == 8 && sale[1] == 0) {
                            if ("00"
                                    .equals(signed(
                                            channel,
                                            keys,
                                            Messages.voidSale(
                                                    t,
                                                    stan++,
                                                    batch,
                                                    sale[0],
                                                    batch,
                                                    original,
                                                    null,
                                                    LocalDateTime.now())))) {
                                sales.remove(original);
                                debit -= sale[0];
                                debits--;
                            }
                        } else if (sale[1] == 0) {
                            ISOMsg reversal = Messages.reversal(
                                    t,
                                    original,
                                    batch,
                                    sale[0],
                                    null,
                                    Messages.REVERSAL_NO_ANSWER,
                                    LocalDateTime.now());
                            assertThat(signed(channel, keys, reversal)).isEqualTo("00");
                            sales.remove(original);
                            debit -= sale[0];
                            debits--;
                        }
                    }
                }
                ISOMsg settle = Messages.settlement(
                        t, stan++, batch, new SettlementTotals(debit, debits, credit, credits), LocalDateTime.now());
                assertThat(SettlementTotals.reconciliationCode(
                                signedAnswer(channel, keys, settle).getString(48)))
                        .as("batch " + batch + " balances")
                        .isEqualTo("1");
                for (long[] sale : sales.values()) {
                    expectedNet += sale[0] - com.shanfu.tms.merchant.FeeSchedule.STANDARD.feeFen(sale[0], sale[2] == 1);
                }
                expectedNet -= credit;
            }
            List<Payout> mine = payouts.ofMerchant(merchants.byMid(t.mid()).id());
            assertThat(mine).hasSize(2);
            assertThat(mine.stream().mapToLong(Payout::netFen).sum()).isEqualTo(expectedNet);
            for (Payout p : mine) {
                assertThat(payouts.lines(p.id()).stream()
                                .mapToLong(PayoutLine::netFen)
                                .sum())
                        .isEqualTo(p.netFen());
            }
            assertThat(payouts.balance().balanced()).isTrue();
        }
    }
}
