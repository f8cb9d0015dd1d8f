package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.protocol.iso.SettlementTotals;
import com.shanfu.tms.contract.RefundStatus;
import com.shanfu.tms.merchant.Merchant;
import com.shanfu.tms.refund.RefundRequest;
import com.shanfu.tms.web.TmsException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;

/**
 * Money-changing requests that race or repeat, over real TCP against MariaDB: every pair that can race is sent at the
 * same moment from many connections, round after round ({@code -Dshanfu.race.rounds}, 15 by default; the nightly form
 * runs 200, see docs/reliability.md), and after each round the books check proves that everything agrees to the fen.
 */
class MoneyPathIntegrityIT extends MoneyPathBase {

    @Test
    void eight_full_refunds_of_one_sale_at_once_approve_exactly_one() throws Exception {
        HostTerminal t = terminal();
        for (int round = 1; round <= ROUNDS; round++) {
            int sale = sale(t, 1);
            List<ISOMsg> refunds = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                refunds.add(t.refund(t.nextStan(), 1, SALE, 1, sale));
            }
            List<String> rcs = t.race(refunds);
            assertThat(rcs).as("round %d: %s", round, rcs).containsOnlyOnce("00");
            assertThat(rcs).filteredOn(rc -> !rc.equals("00")).containsOnly("13");
            assertBooksBalance("refund/refund round " + round);
        }
    }

    @Test
    void four_voids_of_one_sale_at_once_approve_exactly_one() throws Exception {
        HostTerminal t = terminal();
        for (int round = 1; round <= ROUNDS; round++) {
            int sale = sale(t, 1);
            List<ISOMsg> voids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                voids.add(t.voidSale(t.nextStan(), 1, SALE, sale));
            }
            List<String> rcs = t.race(voids);
            assertThat(rcs).as("round %d: %s", round, rcs).containsOnlyOnce("00");
            assertThat(status(t, 1, sale)).isEqualTo("VOIDED");
            assertBooksBalance("void/void round " + round);
        }
        // the batch still settles: what the host counts is what a terminal that saw every answer counts
        assertThat(SettlementTotals.reconciliationCode(
                        t.send(t.settlement(t.nextStan(), 1, new SettlementTotals(0, 0, 0, 0)))
                                .getString(48)))
                .isEqualTo("1");
        assertBooksBalance("settlement after the voids");
    }

    @Test
    void a_void_and_a_refund_of_one_sale_at_once_approve_exactly_one() throws Exception {
        HostTerminal t = terminal();
        for (int round = 1; round <= ROUNDS; round++) {
            int sale = sale(t, 1);
            List<String> rcs = t.race(List.of(
                    t.voidSale(t.nextStan(), 1, SALE, sale),
                    t.refund(t.nextStan(), 1, SALE, 1, sale),
                    t.refund(t.nextStan(), 1, SALE, 1, sale)));
            assertThat(rcs).as("round %d: %s", round, rcs).containsOnlyOnce("00");
            assertBooksBalance("void/refund round " + round);
        }
    }

    @Test
    void a_portal_refund_request_racing_a_terminal_refund_never_refunds_more_than_the_sale() throws Exception {
        Merchant m = merchant();
        HostTerminal t = HostTerminal.signedOn(devices, m, port);
        var device = devices.bySerial(t.serial);
        for (int round = 1; round <= ROUNDS; round++) {
            int sale = sale(t, 1);
            long saleId = jdbc.queryForObject(
                    "select id from txn where device_id = ? and batch_no = 1 and stan = ?",
                    Long.class,
                    device.id(),
                    sale);
            String ref = "race-" + UUID.randomUUID();
            List<String> results = HostTerminal.race(
                    t.isoPort,
                    List.of(
                            () -> {
                                try {
                                    return "request "
                                            + refundRequests
                                                    .request(m, saleId, SALE, ref, "owner")
                                                    .status();
                                } catch (TmsException e) {
                                    return "request " + e.code();
                                }
                            },
                            () -> "terminal " + t.rc(t.refund(t.nextStan(), 1, SALE, 1, sale))));
            // the terminal agent then carries out whatever request was accepted, as an ordinary refund
            for (RefundRequest r :
                    refundRequests.ofTransaction(journal.findById(saleId).orElseThrow())) {
                if (r.status() == RefundStatus.PENDING) {
                    String rc = t.rc(t.refund(t.nextStan(), 1, r.amountFen(), 1, sale));
                    pushTasks.report(device, r.taskId(), "00".equals(rc), "declined by the host (" + rc + ")");
                }
            }
            long refunded = jdbc.queryForObject(
                    "select coalesce(sum(amount_fen), 0) from txn where original_id = ?"
                            + " and kind = 'REFUND' and status = 'APPROVED'",
                    Long.class,
                    saleId);
            assertThat(refunded).as("round %d: %s", round, results).isEqualTo(SALE);
            List<RefundRequest> requests =
                    refundRequests.ofTransaction(journal.findById(saleId).orElseThrow());
            assertThat(requests).allMatch(r -> r.status() != RefundStatus.PENDING);
            assertBooksBalance("portal refund/terminal refund round " + round);
        }
    }

    @Test
    void a_purchase_racing_its_own_reversal_is_never_left_charged() throws Exception {
        HostTerminal t = terminal();
        for (int round = 1; round <= ROUNDS; round++) {
            int stan = t.nextStan();
            ISOMsg purchase = t.purchase(stan, 1, SALE);
            List<String> rcs = t.race(List.of(purchase, t.reversal(stan, 1, SALE), t.reversal(stan, 1, SALE)));
            // either the sale came first and was undone once, or the reversal came first and the sale was refused
            // (then it is not journalled at all: nothing was asked of the issuer)
            String status = status(t, 1, stan);
            assertThat(status).as("round %d: %s", round, rcs).isIn("REVERSED", "NOT IN THE JOURNAL");
            assertThat(rcs.get(0)).isIn("00", "12");
            assertThat(rcs.subList(1, 3)).containsOnly("00");
            assertThat(t.rc(purchase))
                    .as("a repeat of the sale after its reversal")
                    .isIn("00", "12");
            assertThat(status(t, 1, stan)).isEqualTo(status);
            assertBooksBalance("purchase/reversal round " + round);
        }
    }

    @Test
    void reversals_of_one_sale_at_once_give_it_back_exactly_once() throws Exception {
        HostTerminal t = terminal();
        for (int round = 1; round <= ROUNDS; round++) {
            int sale = sale(t, 1);
            List<String> rcs = t.race(List.of(
                    t.reversal(sale, 1, SALE),
                    t.reversal(sale, 1, SALE),
                    t.reversal(sale, 1, SALE),
                    t.reversal(sale, 1, SALE)));
            assertThat(rcs).containsOnly("00");
            assertThat(status(t, 1, sale)).isEqualTo("REVERSED");
            assertThat(jdbc.queryForObject(
                            "select count(*) from reversal r join device d on d.id = r.device_id"
                                    + " where d.serial = ? and r.batch_no = 1 and r.stan = ?",
                            Integer.class,
                            t.serial,
                            sale))
                    .isEqualTo(1);
            assertBooksBalance("reversal/reversal round " + round);
        }
    }

    @Test
    void a_settlement_racing_sales_closes_its_batch_on_exactly_what_it_counted() throws Exception {
        HostTerminal t = terminal();
        for (int round = 1; round <= ROUNDS; round++) {
            int batch = 100 + round;
            List<HostTerminal.Sender> senders = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ISOMsg p = t.purchase(t.nextStan(), batch, SALE);
                senders.add(() -> "sale " + t.rc(p));
            }
            ISOMsg settle = t.settlement(t.nextStan(), batch, new SettlementTotals(4 * SALE, 4, 0, 0));
            senders.add(() -> "settle "
                    + SettlementTotals.reconciliationCode(t.send(settle).getString(48)));
            Collections.shuffle(senders);
            List<String> results = HostTerminal.race(t.isoPort, senders);
            assertThat(results).as("round %d", round).allMatch(r -> r.matches("sale (00|12)|settle [12]"));
            if (results.contains("settle 1")) {
                assertThat(results)
                        .as("balanced: all four were in")
                        .filteredOn("sale 00"::equals)
                        .hasSize(4);
            }
            assertBooksBalance("settlement/sales round " + round);
        }
    }

    @Test
    void a_batch_upload_racing_sales_closes_its_batch_on_the_journal() throws Exception {
        HostTerminal t = terminal();
        for (int round = 1; round <= ROUNDS; round++) {
            int batch = 300 + round;
            int s1 = sale(t, batch);
            int s2 = sale(t, batch);
            assertThat(SettlementTotals.reconciliationCode(
                            t.send(t.settlement(t.nextStan(), batch, new SettlementTotals(SALE, 1, 0, 0)))
                                    .getString(48)))
                    .as("the terminal lost a sale")
                    .isEqualTo("2");
            List<HostTerminal.Sender> senders = new ArrayList<>();
            ISOMsg line = t.uploadLine(t.nextStan(), batch, false, SALE, s1);
            ISOMsg end = t.uploadEnd(t.nextStan(), batch, 1);
            senders.add(() -> "upload " + t.rc(line) + " " + t.rc(end));
            for (int i = 0; i < 3; i++) {
                ISOMsg p = t.purchase(t.nextStan(), batch, SALE);
                senders.add(() -> "sale " + t.rc(p));
            }
            List<String> results = HostTerminal.race(t.isoPort, senders);
            assertThat(results).as("round %d", round).allMatch(r -> r.matches("sale (00|12)|upload 00 00"));
            assertThat(jdbc.queryForObject(
                            "select b.status from batch b join device d on d.id = b.device_id"
                                    + " where d.serial = ? and b.batch_no = ?",
                            String.class,
                            t.serial,
                            batch))
                    .isEqualTo("CLOSED");
            assertThat(s2).isPositive();
            assertBooksBalance("batch upload/sales round " + round);
        }
    }
}
