package com.shanfu.tms.books;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The books check: proves on the live database that no money was lost or doubled, and lists every difference. Each
 * check is one set-based query over the whole history (docs/settlement.md, "Books check"):
 * <ol>
 *   <li>every approved sale is counted once: in its batch's totals, in one payout line once its batch closed, and its
 *       refunds and void never take back more than it was;</li>
 *   <li>batch totals equal their journal lines;</li>
 *   <li>issuer balances equal their postings, and each journal line moved the card exactly as its status says;</li>
 *   <li>every ledger debit has its credit;</li>
 *   <li>payouts equal the closed batches net of fees, each paid once, and each run's transfers equal what it paid.</li>
 * </ol>
 * It reads one consistent snapshot (REPEATABLE READ, read-only), so it may run while terminals sell.
 */
@Service
public class BooksCheck {

    /** One check and what it found wrong; {@code subject} names the row, {@code detail} says what differs. */
    public record Difference(String check, String subject, String detail) {}

    public record Report(Instant startedAt, Duration took, List<String> checks, List<Difference> differences) {
        public boolean balanced() {
            return differences.isEmpty();
        }

        public String text() {
            StringBuilder b = new StringBuilder();
            b.append(balanced() ? "BOOKS BALANCE" : "BOOKS DO NOT BALANCE")
                    .append(": ")
                    .append(checks.size())
                    .append(" checks, ")
                    .append(differences.size())
                    .append(" differences (")
                    .append(took.toMillis())
                    .append(" ms)\n");
            for (Difference d : differences) {
                b.append("  ")
                        .append(d.check())
                        .append("  ")
                        .append(d.subject())
                        .append(": ")
                        .append(d.detail())
                        .append('\n');
            }
            return b.toString();
        }
    }

    /** The checks in the order they run: names as they appear in a report. */
    public static final List<String> CHECKS = List.of(
            "sale-counted-once",
            "refunds-within-sale",
            "void-once",
            "batch-totals",
            "issuer-balance",
            "issuer-postings",
            "ledger-balanced",
            "payout-per-closed-batch",
            "payout-amounts",
            "payout-ledger",
            "payout-run");

    private static final int MAX_PER_CHECK = 200;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    BooksCheck(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Report run() {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        List<Difference> out = new ArrayList<>();

        // 1. every approved sale (and refund) of a closed batch is in exactly one payout line, and a line is only ever
        // for an approved sale or refund
        find(
                out,
                "sale-counted-once",
                """
                select t.id, t.kind, count(l.id) from txn t
                  join batch b on b.device_id = t.device_id and b.batch_no = t.batch_no
                  left join payout_line l on l.txn_id = t.id
                 where b.status = 'CLOSED' and t.status = 'APPROVED' and t.kind in ('PURCHASE', 'REFUND')
                 group by t.id, t.kind having count(l.id) <> 1
                union all
                select t.id, t.kind, -1 from payout_line l join txn t on t.id = l.txn_id
                 where t.kind not in ('PURCHASE', 'REFUND') or t.status not in ('APPROVED')""",
                rs -> new Difference(
                        "sale-counted-once",
                        "txn " + rs.getLong(1) + " (" + rs.getString(2) + ")",
                        rs.getInt(3) < 0
                                ? "in a payout but not an approved sale or refund"
                                : "in " + rs.getInt(3) + " payout lines, expected 1"));

        // what a sale says was refunded is what its approved refunds add up to, and never more than the sale
        find(
                out,
                "refunds-within-sale",
                """
                select s.id, s.amount_fen, s.refunded_fen, coalesce(sum(r.amount_fen), 0) from txn s
                  left join txn r on r.original_id = s.id and r.kind = 'REFUND' and r.status = 'APPROVED'
                 where s.kind = 'PURCHASE'
                 group by s.id, s.amount_fen, s.refunded_fen
                having s.refunded_fen <> coalesce(sum(r.amount_fen), 0) or coalesce(sum(r.amount_fen), 0) > s.amount_fen""",
                rs -> new Difference(
                        "refunds-within-sale",
                        "sale txn " + rs.getLong(1),
                        "amount " + rs.getLong(2) + ", refunded_fen " + rs.getLong(3) + ", approved refunds "
                                + rs.getLong(4)));

        // a voided sale has exactly one approved void, any other sale none
        find(
                out,
                "void-once",
                """
                select s.id, s.status, count(v.id) from txn s
                  left join txn v on v.original_id = s.id and v.kind = 'VOID' and v.status = 'APPROVED'
                 where s.kind = 'PURCHASE'
                 group by s.id, s.status
                having (s.status = 'VOIDED' and count(v.id) <> 1) or (s.status <> 'VOIDED' and count(v.id) <> 0)""",
                rs -> new Difference(
                        "void-once",
                        "sale txn " + rs.getLong(1),
                        "status " + rs.getString(2) + " with " + rs.getInt(3) + " approved voids"));

        // 2. batch totals equal their journal lines
        find(
                out,
                "batch-totals",
                """
                select b.id, b.device_id, b.batch_no, b.debit_total, b.debit_count, b.credit_total, b.credit_count,
                       coalesce(sum(case when t.kind = 'PURCHASE' and t.status = 'APPROVED' then t.amount_fen end), 0),
                       count(case when t.kind = 'PURCHASE' and t.status = 'APPROVED' then 1 end),
                       coalesce(sum(case when t.kind = 'REFUND' and t.status = 'APPROVED' then t.amount_fen end), 0),
                       count(case when t.kind = 'REFUND' and t.status = 'APPROVED' then 1 end)
                  from batch b left join txn t on t.device_id = b.device_id and t.batch_no = b.batch_no
                 group by b.id, b.device_id, b.batch_no, b.debit_total, b.debit_count, b.credit_total, b.credit_count
                having b.debit_total <> coalesce(sum(case when t.kind = 'PURCHASE' and t.status = 'APPROVED' then t.amount_fen end), 0)
                    or b.debit_count <> count(case when t.kind = 'PURCHASE' and t.status = 'APPROVED' then 1 end)
                    or b.credit_total <> coalesce(sum(case when t.kind = 'REFUND' and t.status = 'APPROVED' then t.amount_fen end), 0)
                    or b.credit_count <> count(case when t.kind = 'REFUND' and t.status = 'APPROVED' then 1 end)""",
                rs -> new Difference(
                        "batch-totals",
                        "batch " + rs.getLong(1) + " (device " + rs.getLong(2) + ", no. " + rs.getInt(3) + ")",
                        "totals debit " + rs.getLong(4) + "/" + rs.getInt(5) + " credit "
                                + rs.getLong(6) + "/" + rs.getInt(7) + ", journal debit " + rs.getLong(8) + "/"
                                + rs.getInt(9)
                                + " credit " + rs.getLong(10) + "/" + rs.getInt(11)));

        // 3. issuer balances equal their postings
        find(
                out,
                "issuer-balance",
                """
                select a.pan_masked, a.balance_fen, a.opening_fen, coalesce(sum(p.amount_fen), 0) from issuer_account a
                  left join issuer_posting p on p.pan_hash = a.pan_hash
                 group by a.pan_hash, a.pan_masked, a.balance_fen, a.opening_fen
                having a.balance_fen <> a.opening_fen + coalesce(sum(p.amount_fen), 0)""",
                rs -> new Difference(
                        "issuer-balance",
                        "card " + rs.getString(1),
                        "balance " + rs.getLong(2) + ", opening " + rs.getLong(3) + " + postings " + rs.getLong(4)));

        // each journal line moved its card as its status says: a sale charged (also when voided: the void gives it
        // back under its own line), a void or refund gave back, anything reversed or declined net nothing
        find(
                out,
                "issuer-postings",
                """
                select t.id, t.kind, t.status, e.expected, coalesce(p.posted, 0) from (
                    select t.id, t.reference,
                           case when t.kind = 'PURCHASE' and t.status in ('APPROVED', 'VOIDED') then -t.amount_fen
                                when t.kind in ('VOID', 'REFUND') and t.status = 'APPROVED' then t.amount_fen
                                else 0 end as expected
                      from txn t where t.pan_hash is not null) e
                  join txn t on t.id = e.id
                  left join (select reference, sum(amount_fen) as posted from issuer_posting group by reference) p
                    on p.reference = e.reference
                 where e.expected <> coalesce(p.posted, 0)
                   and exists (select 1 from issuer_account a where a.pan_hash = t.pan_hash)
                union all
                select null, p.reference, 'NO JOURNAL LINE', 0, sum(p.amount_fen) from issuer_posting p
                 where not exists (select 1 from txn t where t.reference = p.reference)
                 group by p.reference""",
                rs -> new Difference(
                        "issuer-postings",
                        rs.getObject(1) == null
                                ? "postings " + rs.getString(2)
                                : "txn " + rs.getLong(1) + " (" + rs.getString(2) + ", " + rs.getString(3) + ")",
                        "expected " + rs.getLong(4) + " on the card, posted " + rs.getLong(5)));

        // 4. every ledger debit has its credit
        find(
                out,
                "ledger-balanced",
                """
                select posting, sum(debit_fen), sum(credit_fen) from ledger_entry group by posting
                having sum(debit_fen) <> sum(credit_fen)""",
                rs -> new Difference(
                        "ledger-balanced",
                        "posting " + rs.getString(1),
                        "debits " + rs.getLong(2) + ", credits " + rs.getLong(3)));

        // 5. payouts equal the closed batches net of fees
        find(
                out,
                "payout-per-closed-batch",
                """
                select b.id, b.status, count(p.id) from batch b left join payout p on p.batch_id = b.id
                 group by b.id, b.status
                having (b.status = 'CLOSED' and count(p.id) <> 1) or (b.status <> 'CLOSED' and count(p.id) <> 0)""",
                rs -> new Difference(
                        "payout-per-closed-batch",
                        "batch " + rs.getLong(1),
                        rs.getString(2) + " with " + rs.getInt(3) + " payouts"));
        find(
                out,
                "payout-amounts",
                """
                select p.id, p.gross_fen, p.refunds_fen, p.fee_fen, p.net_fen, b.debit_total, b.credit_total,
                       coalesce(l.fee, 0), coalesce(l.net, 0)
                  from payout p join batch b on b.id = p.batch_id
                  left join (select payout_id, sum(fee_fen) as fee, sum(net_fen) as net from payout_line group by payout_id) l
                    on l.payout_id = p.id
                 where p.gross_fen <> b.debit_total or p.refunds_fen <> b.credit_total
                    or p.net_fen <> p.gross_fen - p.refunds_fen - p.fee_fen
                    or p.fee_fen <> coalesce(l.fee, 0) or p.net_fen <> coalesce(l.net, 0)""",
                rs -> new Difference(
                        "payout-amounts",
                        "payout " + rs.getLong(1),
                        "gross " + rs.getLong(2) + " refunds "
                                + rs.getLong(3) + " fee " + rs.getLong(4) + " net " + rs.getLong(5) + "; batch debit "
                                + rs.getLong(6) + " credit " + rs.getLong(7) + "; lines fee " + rs.getLong(8) + " net "
                                + rs.getLong(9)));
        find(
                out,
                "payout-ledger",
                """
                select p.id, p.net_fen, coalesce(sum(e.credit_fen) - sum(e.debit_fen), 0) from payout p
                  left join ledger_entry e on e.posting = concat('payout-', p.id) and e.account = 'MERCHANT_PAYABLE'
                 group by p.id, p.net_fen
                having p.net_fen <> coalesce(sum(e.credit_fen) - sum(e.debit_fen), 0)""",
                rs -> new Difference(
                        "payout-ledger",
                        "payout " + rs.getLong(1),
                        "net " + rs.getLong(2) + ", owed to the merchant in the ledger " + rs.getLong(3)));
        // each run paid each merchant what its paid payouts add up to, once, and its file's total is that sum
        find(
                out,
                "payout-run",
                """
                select concat(x.run_date, ' ', x.mid), x.paid, coalesce(e.sent, 0) from (
                    select p.run_date, m.mid, sum(p.net_fen) as paid from payout p join merchant m on m.id = p.merchant_id
                     where p.status = 'PAID' group by p.run_date, m.mid) x
                  left join (select posting, sum(credit_fen) as sent from ledger_entry where account = 'BANK'
                              group by posting) e on e.posting = concat('run-', x.run_date, '-', x.mid)
                 where x.paid <> coalesce(e.sent, 0)
                union all
                select concat('run ', r.value_date), r.total_fen, coalesce(sum(e.credit_fen), 0) from payout_run r
                  left join ledger_entry e on e.account = 'BANK' and e.posting like concat('run-', r.value_date, '-%')
                 group by r.value_date, r.total_fen having r.total_fen <> coalesce(sum(e.credit_fen), 0)""",
                rs -> new Difference(
                        "payout-run",
                        rs.getString(1),
                        "paid " + rs.getLong(2) + ", sent to the bank " + rs.getLong(3)));
        return new Report(start, Duration.ofNanos(System.nanoTime() - t0), CHECKS, List.copyOf(out));
    }

    @FunctionalInterface
    private interface Row {
        Difference read(java.sql.ResultSet rs) throws java.sql.SQLException;
    }

    private void find(List<Difference> out, String check, String sql, Row row) {
        List<Difference> found = jdbc.query(sql + " limit " + (MAX_PER_CHECK + 1), (rs, n) -> row.read(rs));
        if (found.size() > MAX_PER_CHECK) {
            out.addAll(found.subList(0, MAX_PER_CHECK));
            out.add(new Difference(check, "…", "more than " + MAX_PER_CHECK + " differences; the first are listed"));
        } else {
            out.addAll(found);
        }
    }
}
