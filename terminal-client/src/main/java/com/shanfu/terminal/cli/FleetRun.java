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
 * whole keeps to the target rate. A terminal whose home holds a {@value #OWN_CARD} file taps a card of its own (that
 * PAN, personalised like the chosen card: the load driver opens one per terminal at the issuer), so no run spends the
 * demo cards. The {@link Mix} says how many sales are above the CVM limit (online PIN, entered as the card's
 * cardholder would), how many are voided or partly refunded right after, and whether each terminal settles at the end.
 */
final class FleetRun {

    /** The file in a terminal home that names its own card (a PAN). */
    static final String OWN_CARD = "card.pan";

    /** The PIN of the demo and load cards (the issuer simulator's), typed when a card asks for it. */
    static final String CARD_PIN = "123456";

    /** What the sales are: shares of PIN sales, voids and refunds (0..1), and settling at the end. */
    record Mix(double pinShare, double voidShare, double refundShare, boolean settle) {
        static final Mix BELOW_CVM = new Mix(0, 0, 0, false);
    }

    record Result(
            int terminals,
            long sent,
            long approved,
            long declined,
            long failed,
            long withPin,
            long voids,
            long refunds,
            long settled,
            long balanced,
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
        return run(homes, tps, duration, cardName, Mix.BELOW_CVM, false);
    }

    /** The card a terminal taps: its own when its home names one, else the chosen card. */
    static CardProfile cardOf(Path home, CardProfile chosen) {
        Path own = home.resolve(OWN_CARD);
        if (!Files.exists(own)) {
            return chosen;
        }
        try {
            String pan = Files.readString(own).strip();
            if (!pan.matches("\\d{16,19}")) {
                throw new IllegalArgumentException(own + " does not hold a card number");
            }
            return new CardProfile(
                    "load-" + pan,
                    chosen.label(),
                    chosen.scheme(),
                    chosen.aid(),
                    pan,
                    chosen.panSequence(),
                    chosen.expiryYymm(),
                    chosen.cardholder(),
                    chosen.issuerMasterKey(),
                    chosen.cdcvm(),
                    false);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Result run(List<Path> homes, double tps, Duration duration, String cardName, Mix mix, boolean progress)
            throws InterruptedException {
        CardProfile chosen = CardCatalog.bundled()
                .byName(cardName)
                .orElseThrow(() -> new IllegalArgumentException("no software card named " + cardName));
        LongAdder approved = new LongAdder();
        LongAdder withPin = new LongAdder();
        LongAdder voids = new LongAdder();
        LongAdder refunds = new LongAdder();
        LongAdder settled = new LongAdder();
        LongAdder balanced = new LongAdder();
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
            CardProfile card = cardOf(home, chosen);
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
                // ends on time even when the target rate is beyond what the terminal reaches (then it runs flat out)
                while (next < end && System.nanoTime() < end) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    KernelConfig kernel = KernelConfig.from(s.state().config());
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    boolean pin = random.nextDouble() < mix.pinShare()
                            && kernel.cvmLimitFen() < kernel.transactionLimitFen() - 1;
                    long amount = pin
                            ? kernel.cvmLimitFen()
                                    + 1
                                    + random.nextLong(kernel.transactionLimitFen() - kernel.cvmLimitFen() - 1)
                            : 1 + random.nextLong(kernel.cvmLimitFen() - 1);
                    long t0 = System.nanoTime();
                    try {
                        PinPad pad = pin ? (masked, fen) -> CARD_PIN.toCharArray() : PinPad.NONE;
                        var t = s.tap(SoftwareCard.fromWallet(card), null, amount, kernel, pad)
                                .transaction();
                        (t.approved() ? approved : declined).increment();
                        if (pin) {
                            withPin.increment();
                        }
                        codes.merge(t.responseCode(), 1L, Long::sum);
                        if (t.approved()) {
                            double after = random.nextDouble();
                            if (after < mix.voidShare()) {
                                s.voidSale(t.stan());
                                voids.increment();
                            } else if (after < mix.voidShare() + mix.refundShare() && t.amountFen() > 1) {
                                s.refund(t.stan(), t.batch(), t.amountFen() / 2);
                                refunds.increment();
                            }
                        }
                    } catch (Exception e) {
                        failed.increment();
                        if (errors.size() < 20) {
                            errors.add(home.getFileName() + ": " + e.getMessage());
                        }
                    }
                    latencies.recordValue(Math.min(3_600_000L, (System.nanoTime() - t0) / 1_000_000));
                    next += intervalNanos;
                }
                if (mix.settle()) {
                    try {
                        var closed = s.settle();
                        settled.increment();
                        if (closed.batch().balanced()) {
                            balanced.increment();
                        }
                    } catch (HostException e) {
                        failed.increment();
                        errors.add(home.getFileName() + " settlement: " + e.getMessage());
                    }
                }
                s.state().save(home);
            }));
        }
        Thread bar = progress
                ? Thread.ofPlatform().daemon().start(() -> progressBar(start, end, approved, declined, failed))
                : null;
        for (Thread t : threads) {
            t.join();
        }
        if (bar != null) {
            bar.interrupt();
            System.err.println();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(
                homes.size(),
                approved.sum() + declined.sum() + failed.sum(),
                approved.sum(),
                declined.sum(),
                failed.sum(),
                withPin.sum(),
                voids.sum(),
                refunds.sum(),
                settled.sum(),
                balanced.sum(),
                seconds,
                latencies.getValueAtPercentile(50),
                latencies.getValueAtPercentile(95),
                latencies.getValueAtPercentile(99),
                new LinkedHashMap<>(codes),
                List.copyOf(errors));
    }

    /** A line on stderr, redrawn each second: how far the run is, and what the host answered so far. */
    private static void progressBar(long start, long end, LongAdder approved, LongAdder declined, LongAdder failed) {
        while (!Thread.currentThread().isInterrupted()) {
            double done = Math.min(1, (System.nanoTime() - start) / (double) (end - start));
            int filled = (int) Math.round(done * 30);
            System.err.printf(
                    "\r[%s%s] %3d%%  approved %d  declined %d  failed %d ",
                    "#".repeat(filled),
                    ".".repeat(30 - filled),
                    Math.round(done * 100),
                    approved.sum(),
                    declined.sum(),
                    failed.sum());
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
