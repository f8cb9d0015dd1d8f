package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.protocol.iso.SettlementTotals;
import com.shanfu.tms.TestStack;
import com.shanfu.tms.books.BooksCheck;
import com.shanfu.tms.config.PushTasks;
import com.shanfu.tms.contract.RefundStatus;
import com.shanfu.tms.journal.TxnRepository;
import com.shanfu.tms.merchant.Merchant;
import com.shanfu.tms.payout.Payouts;
import com.shanfu.tms.refund.RefundRequest;
import com.shanfu.tms.refund.RefundRequests;
import com.shanfu.tms.web.TmsException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Money-changing requests that race, repeat or lie, over real TCP against MariaDB: every pair that can race is sent
 * at the same moment from many connections, round after round ({@code -Dshanfu.race.rounds}, 15 by default; the
 * nightly form runs 200, see docs/reliability.md), and after each round the books check proves that the journal,
 * batch totals, issuer balances, payouts and ledger agree to the fen. Then the issuer's checks of what the card
 * signed, and the side doors to money.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "shanfu.demo=true")
class MoneyPathIntegrityIT extends HostTestBase {

    static final int ISO_PORT = TestStack.freePort();
    static final int ROUNDS = Integer.getInteger("shanfu.race.rounds", 15);
    static final long SALE = 1000; // 10.00 CNY

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        TestStack.registerHost(registry, "tms_money", ISO_PORT);
    }

    @Autowired
    TxnRepository journal;

    @Autowired
    BooksCheck books;

    @Autowired
    RefundRequests refundRequests;

    @Autowired
    PushTasks pushTasks;

    @Autowired
    Payouts payouts;

    private Merchant merchant() {
        return merchant("李四水果店");
    }

    private HostTerminal terminal() throws Exception {
        return terminal("李四水果店");
    }

    private void assertBooksBalance(String after) {
        BooksCheck.Report r = books.run();
        assertThat(r.differences()).as("books after %s:%n%s", after, r.text()).isEmpty();
    }

    /** An approved sale of 10.00 in the batch; returns its STAN. */
    private int sale(HostTerminal t, int batch) throws Exception {
        int stan = t.nextStan();
        assertThat(t.rc(t.purchase(stan, batch, SALE))).isEqualTo("00");
        return stan;
    }

    private String status(HostTerminal t, int batch, int stan) {
        List<String> found = jdbc.queryForList(
                "select t.status from txn t join device d on d.id = t.device_id"
                        + " where d.serial = ? and t.batch_no = ? and t.stan = ?",
                String.class,
                t.serial,
                batch,
                stan);
        return found.isEmpty() ? "NOT IN THE JOURNAL" : found.getFirst();
    }

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

    @Test
    void two_payout_runs_at_once_pay_each_payout_once() throws Exception {
        HostTerminal t = terminal();
        LocalDate today = LocalDate.now(Payouts.ZONE);
        for (int round = 1; round <= ROUNDS; round++) {
            int batch = 500 + round;
            sale(t, batch);
            sale(t, batch);
            assertThat(SettlementTotals.reconciliationCode(
                            t.send(t.settlement(t.nextStan(), batch, new SettlementTotals(2 * SALE, 2, 0, 0)))
                                    .getString(48)))
                    .isEqualTo("1");
            // the payout is made due on a day of its own (as if its batch had closed then), so that each round's two
            // runs — of that day and the day after — both find it due
            LocalDate due = today.minusDays(20L + 2L * round);
            long payoutId = jdbc.queryForObject(
                    "select p.id from payout p join batch b on b.id = p.batch_id"
                            + " join device d on d.id = b.device_id where d.serial = ? and b.batch_no = ?",
                    Long.class,
                    t.serial,
                    batch);
            jdbc.update("update payout set value_date = ? where id = ?", due, payoutId);
            long net = jdbc.queryForObject("select net_fen from payout where id = ?", Long.class, payoutId);
            List<String> totals = HostTerminal.race(
                    t.isoPort,
                    List.of(
                            () -> String.valueOf(payouts.run(due, "race-a").totalFen()),
                            () -> String.valueOf(
                                    payouts.run(due.plusDays(1), "race-b").totalFen()),
                            () -> String.valueOf(payouts.run(due, "race-c").totalFen())));
            assertThat(jdbc.queryForObject("select status from payout where id = ?", String.class, payoutId))
                    .isEqualTo("PAID");
            // the same day's two runs are one run; between the two days, the payout went out once
            assertThat(totals.get(0)).isEqualTo(totals.get(2));
            assertThat(Long.parseLong(totals.get(0)) + Long.parseLong(totals.get(1)))
                    .as("round %d", round)
                    .isEqualTo(net);
            assertBooksBalance("payout/payout round " + round);
        }
    }

    // ---------------------------------------------------------------- the issuer verifies what the card signed

    private long balance() {
        return jdbc.queryForObject(
                "select balance_fen from issuer_account where pan_masked = '622848*********0018'", Long.class);
    }

    private String declineReason(HostTerminal t, int stan) {
        return jdbc.queryForObject(
                "select t.decline_reason from txn t join device d on d.id = t.device_id"
                        + " where d.serial = ? and t.batch_no = 1 and t.stan = ?",
                String.class,
                t.serial,
                stan);
    }

    @Test
    void a_purchase_charging_more_than_the_card_signed_is_refused_and_charges_nothing() throws Exception {
        HostTerminal t = terminal();
        long before = balance();
        int stan = t.nextStan();
        // field 4 says 1,000.00; the card's cryptogram signed 9F02 = 1.00
        ISOMsg lying = t.purchase(stan, 1, 100_000, HostTerminal.chip(100, HostTerminal.ATC.incrementAndGet()));
        assertThat(t.rc(lying)).isEqualTo("13");
        assertThat(declineReason(t, stan)).isEqualTo("AMOUNT_NOT_SIGNED");
        assertThat(balance()).isEqualTo(before);
        assertBooksBalance("an amount the card did not sign");
    }

    @Test
    void a_purchase_in_another_currency_than_the_card_signed_is_refused() throws Exception {
        HostTerminal t = terminal();
        long before = balance();
        int stan = t.nextStan();
        // field 49 says CNY (156); the card signed 5F2A = 0840 (USD)
        ISOMsg m = t.purchase(stan, 1, SALE, HostTerminal.chip(SALE, "0840", HostTerminal.ATC.incrementAndGet()));
        assertThat(t.rc(m)).isEqualTo("13");
        assertThat(declineReason(t, stan)).isEqualTo("CURRENCY_NOT_SIGNED");
        assertThat(balance()).isEqualTo(before);
    }

    @Test
    void a_captured_field_55_sent_again_under_a_new_stan_is_refused_as_a_replay() throws Exception {
        HostTerminal t = terminal();
        byte[] captured = HostTerminal.chip(SALE, HostTerminal.ATC.incrementAndGet());
        assertThat(t.rc(t.purchase(t.nextStan(), 1, SALE, captured))).isEqualTo("00");
        long before = balance();
        int replay = t.nextStan();
        assertThat(t.rc(t.purchase(replay, 1, SALE, captured))).isEqualTo("63");
        assertThat(declineReason(t, replay)).isEqualTo("ATC_REPLAYED");
        // and from another terminal of another merchant too: the counter is the card's, not the terminal's
        HostTerminal other = terminal();
        assertThat(other.rc(other.purchase(other.nextStan(), 1, SALE, captured)))
                .isEqualTo("63");
        assertThat(balance()).isEqualTo(before);
        assertBooksBalance("a replayed cryptogram");
    }

    @Test
    void a_counter_far_outside_the_cards_window_is_refused() throws Exception {
        HostTerminal t = terminal();
        assertThat(t.rc(t.purchase(t.nextStan(), 1, SALE))).isEqualTo("00");
        long before = balance();
        int far = t.nextStan();
        assertThat(t.rc(t.purchase(far, 1, SALE, HostTerminal.chip(SALE, HostTerminal.ATC.get() + 5000))))
                .isEqualTo("63");
        assertThat(declineReason(t, far)).isEqualTo("ATC_OUT_OF_WINDOW");
        assertThat(balance()).isEqualTo(before);
        // the card goes on from where it is
        assertThat(t.rc(t.purchase(t.nextStan(), 1, SALE))).isEqualTo("00");
    }

    // ---------------------------------------------------------------- no side doors to money

    private java.net.http.HttpResponse<String> call(String method, String path, String token, String json)
            throws Exception {
        var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        json == null
                                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                : java.net.http.HttpRequest.BodyPublishers.ofString(json));
        return com.shanfu.tms.TestStack.recorded(java.net.http.HttpClient.newHttpClient()
                .send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void a_refund_task_cannot_be_pushed_to_a_group_only_made_from_a_refund_request() throws Exception {
        terminal();
        long tasksBefore = jdbc.queryForObject("select count(*) from push_task where kind = 'REFUND'", Long.class);
        for (String user : List.of("admin", "staff1")) {
            var r = call(
                    "POST",
                    "/api/v1/groups/ALL/tasks",
                    TestStack.userToken(user),
                    "{\"kind\":\"REFUND\",\"payload\":{\"originalBatch\":1,\"originalStan\":2,\"amountFen\":1000}}");
            assertThat(r.statusCode()).as(user + ": " + r.body()).isIn(400, 403);
        }
        assertThat(jdbc.queryForObject("select count(*) from push_task where kind = 'REFUND'", Long.class))
                .isEqualTo(tasksBefore);
    }

    @Test
    void registering_an_existing_merchant_again_never_rewrites_its_payout_terms() throws Exception {
        String ref = "terms-" + UUID.randomUUID();
        String terms = "{\"feePlan\":\"STANDARD\",\"debitRateBp\":38,\"debitCapFen\":2000,\"creditRateBp\":60,"
                + "\"settlementCycle\":\"T1\",\"settlementAccount\":\"622848******0018\"}";
        String portal = TestStack.token("grant_type=client_credentials&client_id=shanfu-portal-tms&client_secret="
                + "shanfu-portal-tms-secret");
        var created = call(
                "POST",
                "/api/v1/merchants",
                portal,
                "{\"externalRef\":\"" + ref + "\",\"name\":\"周八小吃\",\"city\":\"上海\",\"terms\":" + terms + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String mid = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(created.body())
                .get("mid")
                .asText();
        String repeat = "{\"externalRef\":\"" + ref + "\",\"name\":\"周八小吃\",\"city\":\"上海\",\"terms\":" + terms + "}";
        assertThat(call("POST", "/api/v1/merchants", portal, repeat).statusCode())
                .as("the same registration again")
                .isEqualTo(200);

        String rewrite = terms.replace("\"debitRateBp\":38", "\"debitRateBp\":0")
                .replace("622848******0018", "999999******9999");
        var byStaff = call(
                "POST",
                "/api/v1/merchants",
                TestStack.userToken("staff1"),
                "{\"externalRef\":\"" + ref + "\",\"name\":\"x\",\"city\":\"x\",\"terms\":" + rewrite + "}");
        assertThat(byStaff.statusCode()).as(byStaff.body()).isEqualTo(403);
        var byPortal = call(
                "POST",
                "/api/v1/merchants",
                portal,
                "{\"externalRef\":\"" + ref + "\",\"name\":\"x\",\"city\":\"x\",\"terms\":" + rewrite + "}");
        assertThat(byPortal.statusCode()).as(byPortal.body()).isEqualTo(409);
        assertThat(byPortal.body()).contains("/terms");
        Merchant m = merchants.byMid(mid);
        assertThat(m.feeSchedule().debitRateBp()).isEqualTo(38);
        assertThat(m.settlementAccount()).isEqualTo("622848******0018");
        // the one way: the terms endpoint, admin or portal
        assertThat(call("PUT", "/api/v1/merchants/" + mid + "/terms", TestStack.userToken("staff1"), rewrite)
                        .statusCode())
                .isEqualTo(403);
        assertThat(call("PUT", "/api/v1/merchants/" + mid + "/terms", TestStack.userToken("admin"), rewrite)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void the_books_check_is_an_admin_api_that_lists_every_difference() throws Exception {
        HostTerminal t = terminal();
        sale(t, 1);
        assertThat(call("POST", "/api/v1/books/checks", TestStack.userToken("staff1"), null)
                        .statusCode())
                .isEqualTo(403);
        var ok = call("POST", "/api/v1/books/checks", TestStack.userToken("admin"), null);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("\"differences\":[]");
        // a batch total changed behind the host's back is found and named
        long batchId = jdbc.queryForObject(
                "select b.id from batch b join device d on d.id = b.device_id where d.serial = ?"
                        + " and b.batch_no = 1",
                Long.class,
                t.serial);
        jdbc.update("update batch set debit_total = debit_total + 1 where id = ?", batchId);
        try {
            var found = call("POST", "/api/v1/books/checks", TestStack.userToken("admin"), null);
            assertThat(found.body()).contains("batch-totals").contains("batch " + batchId);
            var latest = call("GET", "/api/v1/books/checks?limit=1", TestStack.userToken("admin"), null);
            assertThat(latest.body()).contains("\"differences\":1").contains("BOOKS DO NOT BALANCE");
        } finally {
            jdbc.update("update batch set debit_total = debit_total - 1 where id = ?", batchId);
        }
        assertBooksBalance("the repair");
    }

    @Test
    void a_refund_the_terminal_never_carries_out_expires_and_its_amount_may_be_asked_for_again() throws Exception {
        Merchant m = merchant();
        HostTerminal t = HostTerminal.signedOn(devices, m, port);
        int sale = sale(t, 1);
        long saleId = jdbc.queryForObject(
                "select t.id from txn t join device d on d.id = t.device_id where d.serial = ?"
                        + " and t.batch_no = 1 and t.stan = ?",
                Long.class,
                t.serial,
                sale);
        RefundRequest r = refundRequests.request(m, saleId, SALE, "expire-" + UUID.randomUUID(), "owner");
        jdbc.update(
                "update refund_request set created_at = ? where id = ?",
                java.sql.Timestamp.from(java.time.Instant.now().minus(java.time.Duration.ofDays(4))),
                r.id());
        assertThat(refundRequests.expireOverdue()).isEqualTo(1);
        RefundRequest after = refundRequests
                .ofTransaction(journal.findById(saleId).orElseThrow())
                .getFirst();
        assertThat(after.status()).isEqualTo(RefundStatus.FAILED);
        assertThat(after.reason()).contains("expired");
        assertThat(refundRequests.finishedSince(java.time.Instant.now().minusSeconds(60)))
                .as("the merchant's feed tells of it")
                .anyMatch(x -> x.id().equals(r.id()));
        assertThat(jdbc.queryForObject("select status from push_task where id = ?", String.class, r.taskId()))
                .as("the terminal will not be given it any more")
                .isEqualTo("FAILED");
        assertThat(refundRequests.left(journal.findById(saleId).orElseThrow())).isEqualTo(SALE);
        assertThat(refundRequests.expireOverdue()).as("once").isZero();
    }
}
