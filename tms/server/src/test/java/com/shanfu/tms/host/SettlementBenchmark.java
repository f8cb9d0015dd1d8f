package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.Messages;
import com.shanfu.protocol.iso.SettlementTotals;
import com.shanfu.tms.BenchmarkReport;
import com.shanfu.tms.TestStack;
import com.shanfu.tms.books.BooksCheck;
import com.shanfu.tms.device.DeviceRepository;
import com.shanfu.tms.payout.PayoutRun;
import com.shanfu.tms.payout.Payouts;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Settlement at scale ({@code infra/shanfu bench settle}): 1,000,000 journal lines over 1,000 merchants and 10,000
 * terminals (one open batch of 100 lines each, 2 % of them refunds) are seeded into a fresh database; then every
 * batch is settled through the host's own settlement step (the 0500's totals against the journal, the batch closed
 * and its payout made with fees and ledger postings in one transaction), on as many workers as the pool has
 * connections; then the payout run of the value date nets them per merchant into the payout file and the ledger; then
 * the books check. Prints the figures and writes them to docs/benchmarks.md. Not part of the test run.
 */
@SpringBootTest(properties = "shanfu.demo=true")
class SettlementBenchmark {

    static final int MERCHANTS = Integer.getInteger("shanfu.bench.merchants", 1_000);
    static final int TERMINALS = Integer.getInteger("shanfu.bench.terminals", 10_000);
    static final int LINES = Integer.getInteger("shanfu.bench.lines", 1_000_000);
    static final int WORKERS = 8;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        TestStack.registerHost(registry, "tms_settle_bench", TestStack.freePort());
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> String.valueOf(WORKERS + 2));
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Settlement settlement;

    @Autowired
    DeviceRepository devices;

    @Autowired
    Payouts payouts;

    @Autowired
    BooksCheck books;

    @Test
    void settles_a_million_lines_pays_out_and_balances() throws Exception {
        long t0 = System.nanoTime();
        seed();
        double seeding = (System.nanoTime() - t0) / 1e9;
        List<Map<String, Object>> open = jdbc.queryForList(
                "select d.tid, b.batch_no, b.debit_total, b.debit_count, b.credit_total, b.credit_count"
                        + " from batch b join device d on d.id = b.device_id where b.status = 'OPEN'");
        assertThat(open).hasSize(TERMINALS);

        long t1 = System.nanoTime();
        AtomicInteger balanced = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(WORKERS)) {
            List<Future<?>> done = new ArrayList<>();
            for (Map<String, Object> b : open) {
                done.add(pool.submit(() -> {
                    settle(b);
                    balanced.incrementAndGet();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        double settling = (System.nanoTime() - t1) / 1e9;

        long t2 = System.nanoTime();
        LocalDate valueDate = LocalDate.now(Payouts.ZONE).plusDays(1); // T+1: the merchants' cycle
        PayoutRun run = payouts.run(valueDate, "bench");
        double paying = (System.nanoTime() - t2) / 1e9;

        long t3 = System.nanoTime();
        BooksCheck.Report report = books.run();
        double checking = (System.nanoTime() - t3) / 1e9;

        long payoutLines = jdbc.queryForObject("select count(*) from payout_line", Long.class);
        long ledgerEntries = jdbc.queryForObject("select count(*) from ledger_entry", Long.class);
        long fees = jdbc.queryForObject("select coalesce(sum(fee_fen), 0) from payout_line", Long.class);
        System.out.println("payouts by status and value date: "
                + jdbc.queryForList("select status, value_date, count(*) n, count(distinct merchant_id) m from payout"
                        + " group by status, value_date"));
        String section = String.format(
                """
                ## Settlement at scale

                Measured %s on this machine (%d cores) with `infra/shanfu bench settle` on a private MariaDB from \
                Debian (durable commits): %,d journal lines (2 %% refunds) over %,d merchants and %,d terminals, one \
                open batch of %d lines per terminal, seeded in %.1f s. Each batch is settled through the host's own \
                settlement step (the terminal's totals against the journal, the batch closed, its payout with MDR fees, \
                payout lines and ledger postings in one transaction) on %d workers; then the payout run of the value \
                date nets the payouts per merchant into the payout file and the ledger; then the books check. Target: \
                settled, paid out and written in < 60 s, the books balanced to the fen.

                | step | s | what |
                |---|---|---|
                | settle %,d batches | %.1f | %,d payout lines (%,.0f lines/s), fees %s CNY |
                | payout run | %.1f | %,d transfers, %s CNY, payout file %,d bytes, %,d ledger entries in all |
                | books check | %.1f | %s |

                Reading: settled and paid out in %.1f s, the 60 s target %s; the books %s.
                """,
                LocalDate.now(),
                Runtime.getRuntime().availableProcessors(),
                LINES,
                MERCHANTS,
                TERMINALS,
                LINES / TERMINALS,
                seeding,
                WORKERS,
                balanced.get(),
                settling,
                payoutLines,
                payoutLines / settling,
                java.math.BigDecimal.valueOf(fees, 2).toPlainString(),
                paying,
                run.transfers(),
                java.math.BigDecimal.valueOf(run.totalFen(), 2).toPlainString(),
                run.csv().length(),
                ledgerEntries,
                checking,
                report.balanced() ? "balance" : report.differences().size() + " differences",
                settling + paying,
                settling + paying < 60 ? "met" : "missed",
                report.balanced() ? "balance to the fen" : "DO NOT BALANCE");
        System.out.println(section);
        BenchmarkReport.write(section);
        assertThat(report.differences()).as(report.text()).isEmpty();
        assertThat(payoutLines).isEqualTo(LINES);
    }

    private void settle(Map<String, Object> b) throws Exception {
        String tid = (String) b.get("tid");
        int batchNo = ((Number) b.get("batch_no")).intValue();
        var device = devices.findByTid(tid).orElseThrow();
        SettlementTotals totals = new SettlementTotals(
                ((Number) b.get("debit_total")).longValue(),
                ((Number) b.get("debit_count")).intValue(),
                ((Number) b.get("credit_total")).longValue(),
                ((Number) b.get("credit_count")).intValue());
        ISOMsg request = Messages.settlement(
                new Messages.Terminal(tid, device.merchant().mid()), 900_000, batchNo, totals, LocalDateTime.now());
        ISOMsg response = ReadRequest.answerTo(request, java.time.Clock.systemUTC());
        settlement.handle(
                new HostTerminals.Caller(device, null), request, response, Field60.parse(request.getString(60)));
        String code = SettlementTotals.reconciliationCode(response.getString(48));
        if (!"00".equals(response.getString(39)) || !SettlementTotals.BALANCED.equals(code)) {
            throw new IllegalStateException(
                    "batch of " + tid + " did not settle balanced: " + response.getString(39) + " / " + code);
        }
    }

    /** Merchants, active terminals, their open batches and journal lines, made by MariaDB itself (sequence engine). */
    private void seed() {
        int perBatch = LINES / TERMINALS;
        jdbc.update("insert into merchant (mid, external_ref, name, city, mcc, created_at)"
                + " select concat('B', lpad(seq, 14, '0')), concat('bench-', seq), concat('基准商户', seq), '上海',"
                + " '5411', now(3) from seq_1_to_" + MERCHANTS);
        jdbc.update("insert into device (serial, model_code, status, merchant_id, tid)"
                + " select concat('BENCH', lpad(seq, 8, '0')), 'SF-P2', 'ACTIVE',"
                + " (select min(id) from merchant where mid like 'B%') + (seq - 1) % " + MERCHANTS + ","
                + " concat('9', lpad(seq, 7, '0')) from seq_1_to_" + TERMINALS);
        jdbc.update("insert into batch (device_id, merchant_id, batch_no, status, opened_at)"
                + " select id, merchant_id, 1, 'OPEN', now(3) from device where serial like 'BENCH%'");
        // line n: terminal n mod T, STAN n div T + 1; STANs 8 and 58 of each batch are refunds of a smaller amount
        jdbc.update("insert into txn (device_id, merchant_id, batch_no, stan, kind, amount_fen, currency, card_type,"
                + " card_scheme, pan_masked, response_code, auth_code, rrn, status, response_fields, created_at)"
                + " select d.id, d.merchant_id, 1, s.seq div " + TERMINALS + " + 1,"
                + " if((s.seq div " + TERMINALS + ") % 50 = 7, 'REFUND', 'PURCHASE'),"
                + " if((s.seq div " + TERMINALS + ") % 50 = 7, 1 + s.seq % 997, 100 + (s.seq * 7919) % 99900),"
                + " '156',"
                + " if(s.seq % 3 = 0, 'CREDIT', 'DEBIT'), 'UNIONPAY', '622848******0018', '00', lpad(s.seq % 999999, 6, '0'),"
                + " lpad(s.seq, 12, '0'), 'APPROVED', x'', now(3)"
                + " from seq_0_to_" + (LINES - 1) + " s join device d on d.tid = concat('9', lpad(s.seq % " + TERMINALS
                + " + 1, 7, '0'))");
        jdbc.update("update batch b join (select device_id,"
                + " sum(if(kind = 'PURCHASE', amount_fen, 0)) dt, sum(kind = 'PURCHASE') dc,"
                + " sum(if(kind = 'REFUND', amount_fen, 0)) ct, sum(kind = 'REFUND') cc"
                + " from txn group by device_id) t on t.device_id = b.device_id"
                + " set b.debit_total = t.dt, b.debit_count = t.dc, b.credit_total = t.ct, b.credit_count = t.cc");
        assertThat(perBatch).isLessThanOrEqualTo(999);
    }
}
