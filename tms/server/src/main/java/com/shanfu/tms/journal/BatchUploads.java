package com.shanfu.tms.journal;

import com.shanfu.tms.contract.Difference;
import com.shanfu.tms.contract.DifferenceKind;
import com.shanfu.tms.contract.TxnKind;
import com.shanfu.tms.contract.TxnStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The lines a terminal uploads for an unbalanced batch, and the line-by-line reconciliation against the journal.
 * Counted on the host side: approved sales (debits) and approved refunds (credits) of the batch.
 */
@Repository
public class BatchUploads {

    private final JdbcTemplate jdbc;

    BatchUploads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records one uploaded line; a repeated line (same STAN) is kept once. */
    public void line(Batch batch, int stan, TxnKind kind, long amountFen, Instant at) {
        jdbc.update(
                "insert ignore into batch_upload_line (batch_id, stan, kind, amount_fen, created_at) values (?,?,?,?,?)",
                batch.id(),
                stan,
                kind.name(),
                amountFen,
                java.sql.Timestamp.from(at));
    }

    /** Compares the uploaded lines with the journal, writes every difference, returns how many there are. */
    public int reconcile(Batch batch, List<Txn> journal, Instant at) {
        Map<Integer, long[]> host = new HashMap<>();
        Map<Integer, TxnKind> kinds = new HashMap<>();
        for (Txn t : journal) {
            if (t.status() == TxnStatus.APPROVED && (t.kind() == TxnKind.PURCHASE || t.kind() == TxnKind.REFUND)) {
                host.put(t.stan(), new long[] {t.amountFen()});
                kinds.put(t.stan(), t.kind());
            }
        }
        Map<Integer, long[]> terminal = new HashMap<>();
        jdbc.query(
                "select stan, kind, amount_fen from batch_upload_line where batch_id = ?",
                rs -> {
                    terminal.put(rs.getInt(1), new long[] {rs.getLong(3)});
                    kinds.putIfAbsent(rs.getInt(1), TxnKind.valueOf(rs.getString(2)));
                },
                batch.id());
        int differences = 0;
        java.util.Set<Integer> stans = new java.util.TreeSet<>(host.keySet());
        stans.addAll(terminal.keySet());
        for (int stan : stans) {
            long[] h = host.get(stan);
            long[] t = terminal.get(stan);
            DifferenceKind reason = h == null
                    ? DifferenceKind.NOT_ON_HOST
                    : t == null ? DifferenceKind.NOT_ON_TERMINAL : h[0] != t[0] ? DifferenceKind.AMOUNT : null;
            if (reason != null) {
                jdbc.update(
                        "insert into settlement_difference (batch_id, stan, kind, host_amount_fen, terminal_amount_fen,"
                                + " reason, created_at) values (?,?,?,?,?,?,?)",
                        batch.id(),
                        stan,
                        kinds.get(stan).name(),
                        h == null ? null : h[0],
                        t == null ? null : t[0],
                        reason.name(),
                        java.sql.Timestamp.from(at));
                differences++;
            }
        }
        return differences;
    }

    public List<Difference> differences(Long batchId) {
        return jdbc.query(
                "select stan, kind, host_amount_fen, terminal_amount_fen, reason from settlement_difference"
                        + " where batch_id = ? order by stan",
                (rs, n) -> new Difference(
                        rs.getInt(1),
                        TxnKind.valueOf(rs.getString(2)),
                        rs.getObject(3, Long.class),
                        rs.getObject(4, Long.class),
                        DifferenceKind.valueOf(rs.getString(5))),
                batchId);
    }
}
