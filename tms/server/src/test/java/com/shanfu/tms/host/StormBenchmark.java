package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.MessageMac;
import com.shanfu.protocol.iso.Messages;
import com.shanfu.protocol.iso.Parameters;
import com.shanfu.protocol.iso.ShanfuPackager;
import com.shanfu.protocol.iso.WorkingKeys;
import com.shanfu.protocol.management.HeartbeatRequest;
import com.shanfu.protocol.tls.Tls;
import com.shanfu.tms.BenchFleet;
import com.shanfu.tms.BenchmarkReport;
import com.shanfu.tms.TestStack;
import com.shanfu.tms.keys.SecurityModule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.NACChannel;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The morning storm ({@code infra/shanfu bench storm}): 10,000 activated terminals (each with its own TMK, imported
 * under the LMK, and its own device credential, seeded into a fresh database: activating them one by one would make
 * an RSA key per device) wake within the first 30 s. Each signs on over TLS (its working keys under its TMK), downloads
 * the EMV parameters on a second connection (CA key list, each key, AID list, each AID), and asks the management API
 * for its configuration (heartbeat). Each terminal has its own TLS session cache, as a device has. The run stops by
 * itself after its time limit. Prints completions, errors and the process's memory, and writes them to
 * docs/benchmarks.md. Not part of the test run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "shanfu.demo=true")
class StormBenchmark {

    static final int TERMINALS = Integer.getInteger("shanfu.bench.terminals", 10_000);
    static final Duration ARRIVALS = Duration.ofSeconds(30);
    static final Duration TARGET = Duration.ofSeconds(60);
    static final Duration LIMIT = Duration.ofSeconds(240);
    static final int ISO_PORT = TestStack.freePort();

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        TestStack.registerHost(registry, "tms_storm_bench", ISO_PORT);
        // every terminal of the storm connects from 127.0.0.1: the per-address guard would cut them as one abuser
        registry.add("shanfu.iso.connections-per-address", () -> "20000");
        registry.add("shanfu.iso.max-sessions", () -> "2000");
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SecurityModule securityModule;

    @Test
    void ten_thousand_terminals_sign_on_and_fetch_their_parameters_and_configuration() throws Exception {
        long t0 = System.nanoTime();
        List<BenchFleet.Terminal> terminals = BenchFleet.seed(
                        jdbc, securityModule, TERMINALS, "S00000000000001", "STORM")
                .terminals();
        double seeding = (System.nanoTime() - t0) / 1e9;
        String ca = TestStack.caPem();
        HttpClient http = HttpClient.newBuilder()
                .sslContext(Tls.pinnedContext(ca))
                .connectTimeout(Duration.ofSeconds(30))
                .build();

        ConcurrentHistogram done = new ConcurrentHistogram(3_600_000L, 3); // ms from the storm's start
        Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        AtomicInteger completed = new AtomicInteger();
        long start = System.nanoTime();
        long deadline = start + LIMIT.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (BenchFleet.Terminal t : terminals) {
            long wake = start + ThreadLocalRandom.current().nextLong(ARRIVALS.toNanos());
            threads.add(Thread.ofVirtual().start(() -> {
                LockSupport.parkNanos(wake - System.nanoTime());
                try {
                    wakeUp(t, ca, http, deadline);
                    completed.incrementAndGet();
                    done.recordValue((System.nanoTime() - start) / 1_000_000);
                } catch (Exception e) {
                    String kind = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage());
                    errors.computeIfAbsent(
                                    kind.length() > 120 ? kind.substring(0, 120) : kind, k -> new AtomicInteger())
                            .incrementAndGet();
                }
            }));
        }
        for (Thread th : threads) {
            th.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000 + 30_000));
        }
        double took = (System.nanoTime() - start) / 1e9;
        long inTarget = done.getCountBetweenValues(0, TARGET.toMillis());
        long rssMiB = BenchFleet.rssKiB() / 1024;
        Runtime rt = Runtime.getRuntime();
        long heapMiB = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
        int errorCount = errors.values().stream().mapToInt(AtomicInteger::get).sum();
        StringBuilder errorLines = new StringBuilder();
        errors.forEach((k, v) ->
                errorLines.append("- ").append(v).append(" × ").append(k).append('\n'));
        String section = String.format(
                """
                ## Morning storm

                Measured %s on this machine (%d cores) with `infra/shanfu bench storm`: %,d activated terminals (each \
                its own TMK under the LMK and device credential, seeded in %.1f s) wake at random within the first %d \
                s. Each signs on over TLS 1.3 (working keys under its TMK, the answer's MAC checked), downloads the \
                EMV parameters on a second connection (CA key list, each key, AID list, each AID, every message \
                MAC'd) and asks the management API for its configuration (heartbeat over HTTPS). Each terminal keeps \
                its own TLS session cache, and tries a refused connect again after a growing pause (0.5 to 8 s). The TMS and the terminals run in one JVM (the test), MariaDB beside it. \
                Targets: all within 60 s, 0 errors, TMS RSS < 1 GiB.

                | terminals | done | within 60 s | errors | connects retried | 50 %% done at s | 99 %% done at s | last at s | JVM RSS MiB | heap used MiB |
                |---|---|---|---|---|---|---|---|---|---|
                | %,d | %,d | %,d | %d | %,d | %.1f | %.1f | %.1f | %,d | %,d |

                %s
                Reading: %s within 60 s (target all), %d errors (target 0), RSS %,d MiB for the TMS and the %,d \
                simulated terminals together (target < 1 GiB for the TMS alone): %s.
                """,
                LocalDate.now(),
                Runtime.getRuntime().availableProcessors(),
                TERMINALS,
                seeding,
                ARRIVALS.toSeconds(),
                TERMINALS,
                completed.get(),
                inTarget,
                errorCount,
                RETRIES.sum(),
                done.getValueAtPercentile(50) / 1000.0,
                done.getValueAtPercentile(99) / 1000.0,
                done.getMaxValue() / 1000.0,
                rssMiB,
                heapMiB,
                errorLines.isEmpty() ? "" : "Errors:\n\n" + errorLines + "\n",
                String.format("%,d of %,d", inTarget, TERMINALS),
                errorCount,
                rssMiB,
                TERMINALS,
                inTarget == TERMINALS && errorCount == 0 && rssMiB < 1024 ? "met" : "missed");
        System.out.println(section);
        BenchmarkReport.write(section);
        System.out.printf("storm took %.1f s%n", took);
        assertThat(completed.get()).as("terminals that finished").isPositive();
    }

    /** One terminal's morning: sign-on, parameter download, configuration. */
    private void wakeUp(BenchFleet.Terminal t, String ca, HttpClient http, long deadline) throws Exception {
        Messages.Terminal id = new Messages.Terminal(t.tid(), t.mid());
        ISOMsg signOn = HostTerminal.signOnRequest(id, t.serial(), t.tmk());
        WorkingKeys keys;
        NACChannel c = connected(ca, t.tid(), deadline);
        try {
            c.send(signOn);
            keys = HostTerminal.openSignOn(signOn, c.receive(), t.tmk());
        } finally {
            c.disconnect();
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("time limit reached after the sign-on");
        }
        NACChannel p = connected(ca, t.tid(), deadline);
        try {
            int[] stan = {10};
            for (Parameters.CaKeyRef ref :
                    Parameters.parseCaKeyList(ask(p, id, keys, stan, Field60.CA_KEY_LIST, null))) {
                Parameters.parseCaKey(ask(
                        p, id, keys, stan, Field60.CA_KEY_DOWNLOAD, Parameters.caKeyRequest(ref.rid(), ref.index())));
            }
            ask(p, id, keys, stan, Field60.CA_KEY_END, null);
            for (String aid : Parameters.parseAidList(ask(p, id, keys, stan, Field60.AID_LIST, null))) {
                Parameters.parseAid(ask(p, id, keys, stan, Field60.AID_DOWNLOAD, Parameters.aidRequest(aid)));
            }
            ask(p, id, keys, stan, Field60.AID_END, null);
        } finally {
            p.disconnect();
        }
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + httpPort + HeartbeatRequest.PATH))
                        .header("Content-Type", "application/json")
                        .header(HeartbeatRequest.CREDENTIAL_HEADER, t.credential())
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"tid\":\"" + t.tid() + "\",\"softwareVersion\":\"1.0.0\",\"batch\":1}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("heartbeat answered " + r.statusCode());
        }
    }

    static final java.util.concurrent.atomic.LongAdder RETRIES = new java.util.concurrent.atomic.LongAdder();

    /**
     * A connection as a terminal makes it in a storm: a refused or reset connect is tried again after a growing,
     * jittered pause (0.5, 1, 2, 4, 8 s), as terminals do, until the run's time limit.
     */
    private static NACChannel connected(String ca, String tid, long deadline) throws Exception {
        long pause = 500;
        while (true) {
            NACChannel c = ShanfuPackager.clientChannel("127.0.0.1", ISO_PORT, 30_000, ca, tid);
            try {
                c.connect();
                return c;
            } catch (java.io.IOException e) {
                if (System.nanoTime() + pause * 1_000_000 > deadline) {
                    throw e;
                }
                RETRIES.increment();
                Thread.sleep(pause / 2 + ThreadLocalRandom.current().nextLong(pause));
                pause = Math.min(pause * 2, 8_000);
            }
        }
    }

    private static byte[] ask(
            NACChannel channel, Messages.Terminal id, WorkingKeys keys, int[] stan, String code, byte[] request)
            throws Exception {
        ISOMsg m = Messages.parameters(id, ++stan[0], 1, code, request, LocalDateTime.now());
        MessageMac.sign(m, keys.macKey());
        channel.send(m);
        ISOMsg r = channel.receive();
        if (!"00".equals(r.getString(39)) || !MessageMac.verify(r, keys.macKey())) {
            throw new IllegalStateException("parameter download " + code + " answered " + r.getString(39));
        }
        return r.hasField(62) ? r.getBytes(62) : new byte[0];
    }
}
