package com.shanfu.terminal.cli;

import com.shanfu.terminal.card.CardCatalog;
import com.shanfu.terminal.card.CardProfile;
import com.shanfu.terminal.card.SoftwareCard;
import com.shanfu.terminal.host.HostException;
import com.shanfu.terminal.host.PinPad;
import com.shanfu.terminal.host.TerminalService;
import com.shanfu.terminal.kernel.KernelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Many terminals in one process, for load and tests: each is an activated terminal home of its own (keys, STAN,
 * batch, pending reversal), taps in turn on a virtual thread like one cashier at one device, and the fleet as a
 * whole keeps to the target rate. Amounts stay below the CVM limit so that no PIN is asked.
 */
final class FleetRun {

    record Result(
            int terminals,
            long sent,
            long approved,
            long declined,
            long failed,
            double seconds,
            long p50Millis,
            long p95Millis,
            long p99Millis,
            Map<String, Long> responseCodes,
            List<String> errors) {
        double tps() {
            return seconds == 0 ? 0 : sent / seconds;
        }
    }

    static List<Path> homes(Path dir, int terminals) throws java.io.IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> homes = s.filter(
                            p -> Files.exists(p.resolve("terminal.state")) || Files.exists(p.resolve("terminal.json")))
                    .sorted()
                    .limit(terminals)
                    .toList();
            if (homes.size() < terminals) {
                throw new IllegalArgumentException(dir + " holds " + homes.size() + " activated terminal(s), "
                        + terminals + " asked for (make each with: terminal --home " + dir + "/tNNN activate ...)");
            }
            return homes;
        }
    }

    static Result run(List<Path> homes, double tps, Duration duration, String cardName) throws InterruptedException {
        CardProfile card = CardCatalog.bundled()
                .byName(cardName)
                .orElseThrow(() -> new IllegalArgumentException("no software card named " + cardName));
        LongAdder approved = new LongAdder();
        LongAdder declined = new LongAdder();
        LongAdder failed = new LongAdder();
        Map<String, Long> codes = new ConcurrentHashMap<>();
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        // latencies in ms, 3 significant digits, up to an hour: HdrHistogram, safe to record from every thread
        ConcurrentHistogram latencies = new ConcurrentHistogram(3_600_000L, 3);
        long intervalNanos = (long) (1e9 * homes.size() / tps); // each terminal's share of the rate
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (Path home : homes) {
            threads.add(Thread.ofVirtual().name("fleet-" + home.getFileName()).start(() -> {
                TerminalService s = new TerminalService(home, Clock.systemDefaultZone());
                try {
                    if (!s.state().signedOn()) {
                        s.signOn();
                    }
                } catch (HostException e) {
                    failed.increment();
                    errors.add(home.getFileName() + ": " + e.getMessage());
                    return;
                }
                long next = start + ThreadLocalRandom.current().nextLong(Math.max(1, intervalNanos));
                while (next < end) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    KernelConfig kernel = KernelConfig.from(s.state().config());
                    long amount = 1 + ThreadLocalRandom.current().nextLong(kernel.cvmLimitFen() - 1);
                    long t0 = System.nanoTime();
                    try {
                        var t = s.tap(SoftwareCard.fromWallet(card), null, amount, kernel, PinPad.NONE)
                                .transaction();
                        (t.approved() ? approved : declined).increment();
                        codes.merge(t.responseCode(), 1L, Long::sum);
                    } catch (Exception e) {
                        failed.increment();
                        if (errors.size() < 20) {
                            errors.add(home.getFileName() + ": " + e.getMessage());
                        }
                    }
                    latencies.recordValue(Math.min(3_600_000L, (System.nanoTime() - t0) / 1_000_000));
                    next += intervalNanos;
                }
                s.state().save(home);
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(
                homes.size(),
                approved.sum() + declined.sum() + failed.sum(),
                approved.sum(),
                declined.sum(),
                failed.sum(),
                seconds,
                latencies.getValueAtPercentile(50),
                latencies.getValueAtPercentile(95),
                latencies.getValueAtPercentile(99),
                new LinkedHashMap<>(codes),
                List.copyOf(errors));
    }
}
