package com.shanfu.tms.payout;

import com.shanfu.tms.contract.BatchStatus;
import com.shanfu.tms.contract.PayoutStatus;
import com.shanfu.tms.contract.SettlementCycle;
import com.shanfu.tms.contract.TxnKind;
import com.shanfu.tms.contract.TxnStatus;
import com.shanfu.tms.journal.Batch;
import com.shanfu.tms.merchant.Merchant;
import com.shanfu.tms.merchant.MerchantRepository;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Payouts from closed batches and the ledger behind them. A payout is written in the transaction that closes its
 * batch (so no closed batch is ever without one, and none gets two), and its ledger posting with it. A payout run
 * pays every scheduled payout due by its value date, one transfer per merchant, and keeps the file it made.
 */
@Service
public class Payouts {

    /** Business dates are China's. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final PayoutRepository payouts;
    private final PayoutLineRepository lines;
    private final PayoutRunRepository runs;
    private final LedgerRepository ledger;
    private final MerchantRepository merchants;
    private final Clock clock;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    private final org.springframework.jdbc.core.JdbcTemplate jdbc;

    Payouts(
            PayoutRepository payouts,
            PayoutLineRepository lines,
            PayoutRunRepository runs,
            LedgerRepository ledger,
            MerchantRepository merchants,
            Clock clock,
            org.springframework.transaction.support.TransactionTemplate tx,
            org.springframework.jdbc.core.JdbcTemplate jdbc) {
        this.tx = tx;
        this.jdbc = jdbc;
        this.payouts = payouts;
        this.lines = lines;
        this.runs = runs;
        this.ledger = ledger;
        this.merchants = merchants;
        this.clock = clock;
    }

    /** Called by the settlement in the transaction that closes the batch. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Payout forClosedBatch(Batch batch) {
        if (batch.status() == BatchStatus.OPEN || payouts.existsByBatchId(batch.id())) {
            throw new IllegalStateException("batch " + batch.id() + " is open or already paid out");
        }
        Merchant merchant = merchants.findById(batch.merchantId()).orElseThrow();
        // the batch's lines as plain rows, not entities: a batch has up to 999 of them, none changes here, and
        // loading them as entities (then checking each for changes at commit) was most of a settlement's cost
        List<PayoutCalculator.Entry> entries = jdbc.query(
                "select id, kind, card_type, amount_fen from txn where device_id = ? and batch_no = ? and status = ?"
                        + " and kind in (?, ?) order by id",
                (rs, i) -> new PayoutCalculator.Entry(
                        rs.getLong(1), TxnKind.valueOf(rs.getString(2)), rs.getString(3), rs.getLong(4)),
                batch.deviceId(),
                batch.batchNo(),
                TxnStatus.APPROVED.name(),
                PayoutCalculator.SALE.name(),
                PayoutCalculator.REFUND.name());
        PayoutCalculator.Result r = PayoutCalculator.compute(entries, merchant.feeSchedule());
        var totals = batch.hostTotals();
        if (r.grossFen() != totals.debitTotal() || r.refundsFen() != totals.creditTotal()) {
            // the journal and the batch totals disagree: refuse to close rather than pay a wrong amount
            throw new IllegalStateException("batch " + batch.id() + " totals differ from its journal lines");
        }
        LocalDate business = LocalDate.ofInstant(batch.closedAt(), ZONE);
        LocalDate value = merchant.settlementCycle() == SettlementCycle.D0 ? business : business.plusDays(1);
        Payout p = payouts.saveAndFlush(new Payout(
                merchant.id(), batch.id(), merchant.feeSchedule().code(), business, value, r, clock.instant()));
        // one batched insert (the driver rewrites it into multi-row inserts), not one round trip per line
        jdbc.batchUpdate(
                "insert into payout_line (payout_id, txn_id, kind, card_type, amount_fen, fee_fen, net_fen)"
                        + " values (?, ?, ?, ?, ?, ?, ?)",
                r.lines(),
                500,
                (ps, l) -> {
                    ps.setLong(1, p.id());
                    ps.setLong(2, l.txnId());
                    ps.setString(3, l.kind().name());
                    ps.setString(4, l.cardType());
                    ps.setLong(5, l.amountFen());
                    ps.setLong(6, l.feeFen());
                    ps.setLong(7, l.netFen());
                });
        String posting = "payout-" + p.id();
        List<LedgerEntry> entriesOut = new ArrayList<>();
        post(
                entriesOut,
                posting,
                LedgerEntry.SCHEME_SETTLEMENT,
                LedgerEntry.MERCHANT_PAYABLE,
                merchant.id(),
                r.grossFen(),
                "sales of batch " + batch.batchNo());
        post(
                entriesOut,
                posting,
                LedgerEntry.MERCHANT_PAYABLE,
                LedgerEntry.SCHEME_SETTLEMENT,
                merchant.id(),
                r.refundsFen(),
                "refunds of batch " + batch.batchNo());
        post(
                entriesOut,
                posting,
                LedgerEntry.MERCHANT_PAYABLE,
                LedgerEntry.FEE_INCOME,
                merchant.id(),
                r.feeFen(),
                "MDR " + merchant.feeSchedule().code());
        insertLedger(entriesOut);
        return p;
    }

    /** Ledger entries in one batched insert (they are never updated: a trigger refuses it). */
    private void insertLedger(List<LedgerEntry> entries) {
        jdbc.batchUpdate(
                "insert into ledger_entry (posting, account, merchant_id, debit_fen, credit_fen, memo, created_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?)",
                entries,
                500,
                (ps, e) -> {
                    ps.setString(1, e.posting());
                    ps.setString(2, e.account());
                    ps.setObject(3, e.merchantId());
                    ps.setLong(4, e.debitFen());
                    ps.setLong(5, e.creditFen());
                    ps.setString(6, e.memo());
                    ps.setTimestamp(7, java.sql.Timestamp.from(e.createdAt()));
                });
    }

    private void post(
            List<LedgerEntry> out,
            String posting,
            String debit,
            String credit,
            Long merchantId,
            long fen,
            String memo) {
        if (fen == 0) {
            return;
        }
        out.add(new LedgerEntry(posting, debit, merchantId, fen, 0, memo, clock.instant()));
        out.add(new LedgerEntry(posting, credit, merchantId, 0, fen, memo, clock.instant()));
    }

    public record Transfer(String mid, String merchantName, String account, long amountFen, List<Long> payoutIds) {}

    /**
     * The payout run of a value date: every scheduled payout due by then, netted per merchant. A merchant whose sum
     * is not positive (refunds above sales) is carried to a later run. Made once; asking again returns the same run.
     */
    public PayoutRun run(LocalDate valueDate, String actor) {
        if (valueDate.isAfter(LocalDate.now(clock.withZone(ZONE)).plusDays(1))) {
            throw new IllegalArgumentException(
                    "a payout run is made on its value date (or the day before), not " + valueDate);
        }
        try {
            return tx.execute(status -> runOnce(valueDate, actor));
        } catch (org.springframework.dao.DataIntegrityViolationException sameDateAtOnce) {
            // another run of this value date committed first (its key is taken): that run is the answer
            return runs.findById(valueDate).orElseThrow(() -> sameDateAtOnce);
        }
    }

    private PayoutRun runOnce(LocalDate valueDate, String actor) {
        // the payouts due are locked before the run is looked for: a run of another date at the same time waits here
        // and then finds them paid; one of the same date then finds this run
        List<Payout> lockedDue = payouts.lockDue(valueDate);
        var existing = runs.findById(valueDate);
        if (existing.isPresent()) {
            return existing.get();
        }
        Map<Long, List<Payout>> due = new LinkedHashMap<>();
        for (Payout p : lockedDue) {
            due.computeIfAbsent(p.merchantId(), k -> new ArrayList<>()).add(p);
        }
        List<Transfer> transfers = new ArrayList<>();
        List<LedgerEntry> posted = new ArrayList<>();
        for (var e : due.entrySet()) {
            long sum = e.getValue().stream().mapToLong(Payout::netFen).sum();
            if (sum <= 0) {
                continue;
            }
            Merchant m = merchants.findById(e.getKey()).orElseThrow();
            e.getValue().forEach(p -> p.paidIn(valueDate));
            post(
                    posted,
                    "run-" + valueDate + "-" + m.mid(),
                    LedgerEntry.MERCHANT_PAYABLE,
                    LedgerEntry.BANK,
                    m.id(),
                    sum,
                    "payout to " + (m.settlementAccount() == null ? "settlement card" : m.settlementAccount()));
            transfers.add(new Transfer(
                    m.mid(),
                    m.name(),
                    m.settlementAccount(),
                    sum,
                    e.getValue().stream().map(Payout::id).toList()));
        }
        ledger.saveAll(posted);
        long total = transfers.stream().mapToLong(Transfer::amountFen).sum();
        return runs.saveAndFlush(
                new PayoutRun(valueDate, transfers.size(), total, csv(valueDate, transfers), actor, clock.instant()));
    }

    /** The payout file: one line per transfer, amounts in yuan with two decimals, UTF-8. */
    static String csv(LocalDate valueDate, List<Transfer> transfers) {
        StringBuilder out = new StringBuilder(
                "reference,value_date,mid,merchant_name,settlement_account,amount,currency,payouts\n");
        for (Transfer t : transfers) {
            out.append("SF")
                    .append(valueDate.toString().replace("-", ""))
                    .append('-')
                    .append(t.mid())
                    .append(',')
                    .append(valueDate)
                    .append(',')
                    .append(t.mid())
                    .append(',')
                    .append(csvText(t.merchantName()))
                    .append(',')
                    .append(t.account() == null ? "" : t.account())
                    .append(',')
                    .append(BigDecimal.valueOf(t.amountFen(), 2).toPlainString())
                    .append(",CNY,")
                    .append(t.payoutIds().stream()
                            .map(String::valueOf)
                            .reduce((a, b) -> a + " " + b)
                            .orElse(""))
                    .append('\n');
        }
        return out.toString();
    }

    private static String csvText(String s) {
        String safe = s.startsWith("=") || s.startsWith("+") || s.startsWith("-") || s.startsWith("@") ? "'" + s : s;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }

    @Transactional(readOnly = true)
    public java.util.Optional<PayoutRun> runOf(LocalDate valueDate) {
        return runs.findById(valueDate);
    }

    @Transactional(readOnly = true)
    public List<Payout> ofMerchant(Long merchantId) {
        return payouts.findByMerchantIdOrderByCreatedAtDesc(merchantId);
    }

    @Transactional(readOnly = true)
    public List<PayoutLine> lines(Long payoutId) {
        return lines.findByPayoutIdOrderByIdAsc(payoutId);
    }

    /** Payouts paid in a run on or after this day, oldest first: news for the merchants they went to. */
    @Transactional(readOnly = true)
    public List<Payout> paidSince(LocalDate runDate) {
        return payouts.findByStatusAndRunDateGreaterThanEqualOrderByIdAsc(PayoutStatus.PAID, runDate);
    }

    @Transactional(readOnly = true)
    public java.util.Optional<Payout> payout(Long id) {
        return payouts.findById(id);
    }

    public record AccountTotal(String account, long debitFen, long creditFen) {}

    public record LedgerBalance(
            List<AccountTotal> accounts, long debitFen, long creditFen, List<String> unbalancedPostings) {
        public boolean balanced() {
            return debitFen == creditFen && unbalancedPostings.isEmpty();
        }
    }

    @Transactional(readOnly = true)
    public LedgerBalance balance() {
        List<AccountTotal> accounts = ledger.totalsByAccount().stream()
                .map(r -> new AccountTotal((String) r[0], ((Number) r[1]).longValue(), ((Number) r[2]).longValue()))
                .toList();
        return new LedgerBalance(
                accounts,
                accounts.stream().mapToLong(AccountTotal::debitFen).sum(),
                accounts.stream().mapToLong(AccountTotal::creditFen).sum(),
                ledger.unbalancedPostings());
    }
}
