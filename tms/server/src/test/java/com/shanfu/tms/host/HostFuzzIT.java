package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.protocol.iso.SettlementTotals;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;

/**
 * Hostile wire input over TCP: a fuzzer sends malformed and mutated messages ({@code -Dshanfu.fuzz.messages}, 10,000
 * by default; 100,000 in the nightly form) while a valid terminal keeps selling. Each bad message must be answered
 * with a refusal (30, 12, A0, …) or a repeat's stored answer, or get its connection closed — and write nothing; the
 * host must keep answering, and its connections, threads and heap come back to where they were.
 */
class HostFuzzIT extends HostWireBase {

    @Test
    void malformed_and_mutated_messages_are_refused_or_cut_write_nothing_and_valid_sales_go_on() throws Exception {
        HostTerminal fuzzed = terminal();
        HostTerminal seller = terminal();
        // the fuzz terminal's history: a sale, a refund of it, a reversed sale, a closed batch
        int sale = fuzzed.nextStan();
        ISOMsg saleMsg = fuzzed.purchase(sale, 1, 500);
        String saleRrn = fuzzed.send(saleMsg).getString(37);
        ISOMsg refund = fuzzed.refund(fuzzed.nextStan(), 1, 100, 1, sale);
        String refundRrn = fuzzed.send(refund).getString(37);
        int reversed = fuzzed.nextStan();
        fuzzed.send(fuzzed.purchase(reversed, 1, 300));
        ISOMsg reversal = fuzzed.reversal(reversed, 1, 300);
        fuzzed.send(reversal);
        ISOMsg settle = fuzzed.settlement(fuzzed.nextStan(), 1, new SettlementTotals(500, 1, 100, 1));
        assertThat(SettlementTotals.reconciliationCode(fuzzed.send(settle).getString(48)))
                .isEqualTo("1");
        ISOMsg echo = com.shanfu.protocol.iso.Messages.echo(
                fuzzed.terminal, fuzzed.nextStan(), 2, java.time.LocalDateTime.now());
        List<ISOMsg> bases = List.of(saleMsg, refund, reversal, settle, echo);
        // what a repeat of each valid message is answered (a stored answer, or an acknowledgement that changes
        // nothing: a reversal already done, a settlement of a closed batch, an echo)
        Set<String> repeats = new java.util.HashSet<>();
        for (ISOMsg m : bases) {
            ISOMsg a = fuzzed.send(m);
            repeats.add(a.getString(39) + "/" + a.getString(37));
        }
        assertThat(repeats).contains("00/" + saleRrn, "00/" + refundRrn);
        String before = footprint(fuzzed);

        // the valid terminal's baseline, once warm
        sell(seller, 100, null);
        Histogram baseline = sell(seller, 200, null);

        Random random = new Random(Long.getLong("shanfu.fuzz.seed", 20261201L));
        List<Sent> corpus = new ArrayList<>(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            corpus.add(mutate(random, bases.get(i % bases.size()), fuzzed, i));
        }
        long threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        long heapBefore = usedHeapAfterGc();

        AtomicBoolean fuzzing = new AtomicBoolean(true);
        Histogram during = new Histogram(60_000, 3);
        Thread valid = Thread.ofPlatform().start(() -> {
            try {
                while (fuzzing.get()) {
                    during.add(sell(seller, 10, null));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        Map<String, String> bad = new ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> work = new ArrayList<>();
        for (Sent s : corpus) {
            work.add(pool.submit(() -> {
                String got;
                long st = System.nanoTime();
                try {
                    got = exchangeRaw(s);
                } catch (IOException e) {
                    got = "CLOSED"; // refused or reset by the host
                }
                Outcome o = got.equals("CLOSED")
                        ? Outcome.CLOSED
                        : got.length() >= 2 && REFUSALS.contains(got.substring(0, 2))
                                ? Outcome.REFUSED
                                : repeats.contains(got) ? Outcome.STORED_ANSWER : Outcome.BAD;
                outcomes.computeIfAbsent(s.kind() + " " + o, k -> new LongAdder())
                        .increment();
                outcomes.computeIfAbsent(s.kind() + " ms", k -> new LongAdder())
                        .add((System.nanoTime() - st) / 1_000_000);
                if (o == Outcome.BAD) {
                    bad.putIfAbsent(s.kind() + " " + got, org.jpos.iso.ISOUtil.hexString(s.frame()));
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        double fuzzSeconds = (System.nanoTime() - t0) / 1e9;
        fuzzing.set(false);
        valid.join();

        assertThat(bad)
                .as("answers that are neither a refusal, a stored answer nor a closed connection")
                .isEmpty();
        assertThat(footprint(fuzzed)).as("nothing written by any bad message").isEqualTo(before);
        assertThat(sell(seller, 5, null).getTotalCount())
                .as("the host still sells")
                .isEqualTo(5);
        assertThat(books.run().differences()).isEmpty();

        // connections are closed, and threads and heap come back
        long deadline = System.currentTimeMillis() + 15_000;
        while (host.openConnections() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(host.openConnections())
                .as("open ISO connections after the fuzz")
                .isZero();
        long threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
        long heapAfter = usedHeapAfterGc();
        assertThat(threadsAfter).as("platform threads").isLessThanOrEqualTo(threadsBefore + 8);
        assertThat(heapAfter).as("heap after GC").isLessThan(heapBefore + 64L * 1024 * 1024);

        report(outcomes, fuzzSeconds, baseline, during, threadsBefore, threadsAfter, heapBefore, heapAfter);
        if (Boolean.getBoolean("shanfu.fuzz.strict")) { // the nightly form: on a quiet machine, a latency bound too
            assertThat(during.getValueAtPercentile(99))
                    .as("valid p99 during the fuzz, ms")
                    .isLessThanOrEqualTo(2 * Math.max(baseline.getValueAtPercentile(99), 5));
        }
    }
}
