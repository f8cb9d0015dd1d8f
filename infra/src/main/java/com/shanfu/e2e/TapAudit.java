package com.shanfu.e2e;

import com.shanfu.terminal.card.CardCatalog;
import com.shanfu.terminal.card.CardProfile;
import com.shanfu.terminal.card.SoftwareCard;
import com.shanfu.terminal.host.PinPad;
import com.shanfu.terminal.host.TerminalService;
import com.shanfu.terminal.kernel.KernelConfig;
import com.shanfu.terminal.state.TerminalState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Terminals selling while something breaks, and the audit after: each terminal (a real terminal client home) taps
 * small sales of the demo debit card in turn, a fault runs beside them, every terminal settles after, and the
 * terminals' own records are held against the host's journal sale by sale (TID, batch, STAN): every sale a terminal
 * saw approved is approved once in the journal, nothing else is, and nothing a terminal reversed stays charged. Used
 * by the fault tests ({@code FaultsUnderLoadIT}) and the cluster's failover test ({@link ClusterFailover}).
 */
public final class TapAudit {

    private TapAudit() {}

    /**
     * A load's counts; {@code disruptionSeconds} is the longest time without an approval anywhere in the fleet, and
     * {@code declinedCodes} the response codes of the declines.
     */
    public record Outcome(
            long attempted,
            long approved,
            long declined,
            long failed,
            double disruptionSeconds,
            Map<String, Long> declinedCodes) {}

    /** The terminals' records against the journal. */
    public record Check(
            Set<String> missingOnHost,
            Set<String> unknownToTerminals,
            Set<String> reversedButCharged,
            long reversedByTerminals,
            long undoneByHost) {

        /** No sale lost, doubled, made up or charged after its reversal. */
        public boolean clean() {
            return missingOnHost.isEmpty() && unknownToTerminals.isEmpty() && reversedButCharged.isEmpty();
        }
    }

    /** Every terminal taps for {@code load}, pausing {@code pauseMillis} after each sale, while {@code fault} runs. */
    public static Outcome sell(List<Path> homes, Duration load, long pauseMillis, Runnable fault) throws Exception {
        CardProfile card = CardCatalog.bundled().byName("unionpay-debit").orElseThrow();
        LongAdder attempted = new LongAdder();
        LongAdder approved = new LongAdder();
        LongAdder declined = new LongAdder();
        LongAdder failed = new LongAdder();
        ConcurrentLinkedQueue<Long> approvals = new ConcurrentLinkedQueue<>();
        Map<String, Long> codes = new ConcurrentSkipListMap<>();
        long start = System.nanoTime();
        long end = start + load.toNanos();
        Thread injector = Thread.ofPlatform().start(fault);
        List<Thread> threads = new ArrayList<>();
        for (Path home : homes) {
            threads.add(Thread.ofVirtual().start(() -> {
                TerminalService s = new TerminalService(home, Clock.systemDefaultZone());
                while (System.nanoTime() < end) {
                    attempted.increment();
                    try {
                        var t = s.tap(
                                        SoftwareCard.fromWallet(card),
                                        null,
                                        1 + ThreadLocalRandom.current().nextLong(99),
                                        KernelConfig.from(s.state().config()),
                                        PinPad.NONE)
                                .transaction();
                        if (t.approved()) {
                            approved.increment();
                            approvals.add(System.nanoTime());
                        } else {
                            declined.increment();
                            codes.merge(String.valueOf(t.responseCode()), 1L, Long::sum);
                        }
                    } catch (Exception e) { // no answer, host unavailable: the terminal reverses what it must
                        failed.increment();
                    }
                    try {
                        Thread.sleep(pauseMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        injector.join();
        List<Long> times = new ArrayList<>(approvals);
        times.add(start);
        times.add(end);
        Collections.sort(times);
        long gap = 0;
        for (int i = 1; i < times.size(); i++) {
            gap = Math.max(gap, times.get(i) - times.get(i - 1));
        }
        return new Outcome(attempted.sum(), approved.sum(), declined.sum(), failed.sum(), gap / 1e9, Map.copyOf(codes));
    }

    /** Settles every terminal (each flushes its pending reversal first), retrying for a while; how many balanced. */
    public static int settleAll(List<Path> homes) throws Exception {
        int balanced = 0;
        for (Path home : homes) {
            TerminalService s = new TerminalService(home, Clock.systemDefaultZone());
            for (int attempt = 1; ; attempt++) {
                try {
                    if (s.settle().batch().balanced()) {
                        balanced++;
                    }
                    break;
                } catch (Exception e) {
                    if (attempt == 30) {
                        throw new IllegalStateException(home + " could not settle: " + e.getMessage(), e);
                    }
                    Thread.sleep(1000);
                }
            }
        }
        return balanced;
    }

    /** The terminals' own records against the host's journal in the TMS database at {@code jdbcUrl}. */
    public static Check check(List<Path> homes, String jdbcUrl, String user, String password) throws Exception {
        Set<String> terminalApproved = new HashSet<>();
        Set<String> terminalReversed = new HashSet<>();
        for (Path home : homes) {
            TerminalState s = TerminalState.load(home);
            for (TerminalState.Transaction t : s.transactions()) {
                if (!TerminalState.Transaction.PURCHASE.equals(t.kind())) {
                    continue;
                }
                String key = s.tid() + "/" + t.batch() + "/" + t.stan();
                if (t.approved()) {
                    terminalApproved.add(key);
                } else if (t.reversed() || "XX".equals(t.responseCode())) {
                    terminalReversed.add(key);
                }
            }
        }
        Set<String> tids = new HashSet<>();
        for (Path home : homes) {
            tids.add(TerminalState.load(home).tid());
        }
        Set<String> hostApproved = new HashSet<>();
        long undone = 0;
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            try (var rs = c.createStatement()
                    .executeQuery("select d.tid, t.batch_no, t.stan from txn t join device d"
                            + " on d.id = t.device_id where t.kind = 'PURCHASE' and t.status = 'APPROVED'")) {
                while (rs.next()) {
                    if (tids.contains(rs.getString(1))) {
                        hostApproved.add(rs.getString(1) + "/" + rs.getInt(2) + "/" + rs.getInt(3));
                    }
                }
            }
            try (var rs = c.createStatement()
                    .executeQuery("select d.tid from reversal r join device d on d.id = r.device_id where r.undone")) {
                while (rs.next()) {
                    if (tids.contains(rs.getString(1))) {
                        undone++;
                    }
                }
            }
        }
        Set<String> missing = new HashSet<>(terminalApproved);
        missing.removeAll(hostApproved);
        Set<String> unknown = new HashSet<>(hostApproved);
        unknown.removeAll(terminalApproved);
        Set<String> charged = new HashSet<>(terminalReversed);
        charged.retainAll(hostApproved);
        return new Check(missing, unknown, charged, terminalReversed.size(), undone);
    }
}
