package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.protocol.iso.SettlementTotals;
import com.shanfu.tms.TestStack;
import com.shanfu.tms.contract.RefundStatus;
import com.shanfu.tms.merchant.Merchant;
import com.shanfu.tms.payout.Payouts;
import com.shanfu.tms.refund.RefundRequest;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;

/**
 * Money-changing requests that lie or come through a side door, over real TCP against MariaDB: two payout runs at
 * once, the issuer's checks of what the card signed (amount, currency, counter), refund tasks and merchant terms only
 * through their own ways, the books check as an admin API, and a refund the terminal never carries out.
 */
class MoneyPathGuardsIT extends MoneyPathBase {

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

    @Test
    void a_purchase_charging_more_than_the_card_signed_is_refused_and_charges_nothing() throws Exception {
        HostTerminal t = terminal();
        long before = balance();
        int stan = t.nextStan();
        // field 4 says 1,000.00; the card's cryptogram signed 9F02 = 1.00
        ISOMsg lying =
                t.purchase(stan, 1, 100_000, HostTerminal.chip(100, t.atc().incrementAndGet()));
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
        ISOMsg m = t.purchase(
                stan, 1, SALE, HostTerminal.chip(SALE, "0840", t.atc().incrementAndGet()));
        assertThat(t.rc(m)).isEqualTo("13");
        assertThat(declineReason(t, stan)).isEqualTo("CURRENCY_NOT_SIGNED");
        assertThat(balance()).isEqualTo(before);
    }

    @Test
    void a_captured_field_55_sent_again_under_a_new_stan_is_refused_as_a_replay() throws Exception {
        HostTerminal t = terminal();
        byte[] captured = HostTerminal.chip(SALE, t.atc().incrementAndGet());
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
        assertThat(t.rc(t.purchase(far, 1, SALE, HostTerminal.chip(SALE, t.atc().get() + 5000))))
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
