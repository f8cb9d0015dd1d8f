package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.tms.BenchFleet;
import com.shanfu.tms.BenchmarkReport;
import com.shanfu.tms.TestStack;
import com.shanfu.tms.config.Configurations;
import com.shanfu.tms.config.PushTasks;
import com.shanfu.tms.contract.Rollout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.ConcurrentHistogram;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Push fan-out ({@code infra/shanfu bench push}): 10,000 active terminals (seeded, each with its own device
 * credential; {@link PushFleet}, in a process of their own) open the management channel's long poll over HTTPS within 90 s, as terminals do after their morning
 * sign-on, and keep it open (a poll that ends empty is made again at once). When all are held, a configuration is
 * published to every terminal; each terminal takes its task from its poll's answer and reports it applied. Prints the
 * time from the publish to 50 %, 99 % and 100 % applied, the connections held, the memory a held poll costs, and the
 * tasks' states in the database after the run; writes them to docs/benchmarks.md. Not part of the test run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "shanfu.demo=true")
class PushBenchmark {

    static final int TERMINALS = Integer.getInteger("shanfu.bench.terminals", 10_000);
    static final Duration ARRIVALS = Duration.ofSeconds(90);
    static final Duration HOLD_LIMIT = Duration.ofSeconds(240);
    static final Duration TARGET = Duration.ofSeconds(30);
    static final Duration APPLY_LIMIT = Duration.ofSeconds(120);

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        TestStack.registerHost(registry, "tms_push_bench", TestStack.freePort());
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    org.springframework.core.env.Environment env;

    @Autowired
    Configurations configurations;

    @Autowired
    PushTasks pushTasks;

    @Test
    void a_configuration_published_to_ten_thousand_polling_terminals_is_applied_by_all() throws Exception {
        BenchFleet fleet = BenchFleet.seed(jdbc, null, TERMINALS, "P00000000000001", "PUSH");
        Path work = Files.createDirectories(Path.of("target", "push-fleet"));
        Path credentials = Files.write(
                work.resolve("credentials.txt"),
                fleet.terminals().stream().map(BenchFleet.Terminal::credential).toList());
        Path ca = Files.writeString(work.resolve("ca.pem"), TestStack.caPem());
        long heapBefore = heapAfterGc();
        long rssBefore = BenchFleet.rssKiB();

        BenchFleet.Child fleetProcess = BenchFleet.Child.start(
                work,
                "-Xmx3g",
                PushFleet.class,
                Integer.toString(httpPort),
                ca.toString(),
                credentials.toString(),
                Long.toString(ARRIVALS.toSeconds()));
        Process terminals = fleetProcess.process();
        try {
            List<String> out = fleetProcess.out();
            long start = System.nanoTime();
            while (pushTasks.waitingPolls() < TERMINALS
                    && System.nanoTime() - start < HOLD_LIMIT.toNanos()
                    && terminals.isAlive()) {
                Thread.sleep(500);
            }
            double holdingAfter = (System.nanoTime() - start) / 1e9;
            int held = heldConnections();
            int waiting = pushTasks.waitingPolls();
            long heapHeld = heapAfterGc();
            long rssHeld = BenchFleet.rssKiB();

            Map<String, Object> settings =
                    new LinkedHashMap<>(configurations.current().settings());
            settings.put("receiptFooter", "谢谢惠顾 " + System.currentTimeMillis());
            long publishedAt = System.currentTimeMillis();
            Rollout rollout = configurations.publish(settings, "push fan-out benchmark", "bench");
            double publishTook = (System.currentTimeMillis() - publishedAt) / 1e3;
            // the benchmark's own reads go on a connection of their own: the TMS's pool may be what is measured
            JdbcTemplate own = new JdbcTemplate(new org.springframework.jdbc.datasource.SingleConnectionDataSource(
                    env.getProperty("spring.datasource.url"),
                    env.getProperty("spring.datasource.username"),
                    env.getProperty("spring.datasource.password"),
                    true));
            long appliedInDb = 0;
            while (System.currentTimeMillis() - publishedAt < APPLY_LIMIT.toMillis()
                    && (appliedInDb = own.queryForObject(
                                    "select count(*) from push_task where batch_ref = ? and status = 'APPLIED'",
                                    Long.class,
                                    rollout.batchRef()))
                            < TERMINALS) {
                Thread.sleep(250);
            }
            long rssAfter = BenchFleet.rssKiB();
            terminals.outputWriter().write("stop\n");
            terminals.outputWriter().flush();
            terminals.waitFor();
            fleetProcess.reader().join();
            ConcurrentHistogram applied = new ConcurrentHistogram(3_600_000L, 3);
            ConcurrentHistogram received = new ConcurrentHistogram(3_600_000L, 3);
            StringBuilder errorLines = new StringBuilder();
            int errorCount = 0;
            long polls = 0;
            long fleetRss = 0;
            for (String line : out) {
                String[] f = line.split(" ", 3);
                switch (f[0]) {
                    case "APPLIED" -> applied.recordValue(Math.max(0, Long.parseLong(f[1]) - publishedAt));
                    case "RECEIVED" -> received.recordValue(Math.max(0, Long.parseLong(f[1]) - publishedAt));
                    case "ERROR" -> {
                        errorCount += Integer.parseInt(f[1]);
                        errorLines
                                .append("- ")
                                .append(f[1])
                                .append(" × ")
                                .append(f[2])
                                .append('\n');
                    }
                    case "POLLS" -> polls = Long.parseLong(f[1]);
                    case "RSS" -> fleetRss = Long.parseLong(f[1]);
                    default -> {}
                }
            }
            Map<String, Long> states = new TreeMap<>();
            own.query(
                    "select status, count(*) from push_task where batch_ref = ? group by status",
                    rs -> {
                        states.put(rs.getString(1), rs.getLong(2));
                    },
                    rollout.batchRef());
            long onVersion = own.queryForObject(
                    "select count(*) from device where merchant_id = ? and config_version = ?",
                    Long.class,
                    fleet.merchantId(),
                    rollout.version());
            long done = applied.getTotalCount();
            long inTarget = applied.getCountBetweenValues(0, TARGET.toMillis());
            double perPollKiB = held == 0 ? 0 : (heapHeld - heapBefore) / 1024.0 / held;
            String section = String.format(
                    """
                ## Push fan-out

                Measured %s on this machine (%d cores) with `infra/shanfu bench push`: %,d active terminals (seeded, \
                each its own device credential, in a process of their own) open the long poll of the management \
                channel (HTTPS, TLS 1.3, a connection each) within the first %d s and make it again whenever it ends \
                empty. When the polls are held (all waiting in the TMS, or %d s passed), a configuration is published to all; each terminal takes its task \
                from its poll's answer and reports it applied. The TMS runs in the benchmark's JVM, MariaDB beside \
                it. Target: all applied within 30 s of the publish.

                | terminals | connections held | polls waiting | held after s | publish took s | applied | within 30 s | 50 %% at s | 99 %% at s | 100 %% at s | errors | polls made |
                |---|---|---|---|---|---|---|---|---|---|---|---|
                | %,d | %,d | %,d | %.1f | %.1f | %,d | %,d | %s | %s | %s | %d | %,d |

                The task reached the terminals (the poll's answer) after: first %.1f s, 50 %% %s s, 99 %% %s s, last \
                %.1f s (%,d terminals).

                TMS memory: heap after a GC %,d MiB before the polls and %,d MiB with them held (%.1f KiB per held \
                poll); RSS %,d MiB before, %,d MiB held, %,d MiB after the rollout. The terminals' process: RSS %,d \
                MiB. The rollout's tasks in the database after it: %s; %,d terminals recorded on version %d.

                %sReading: %,d of %,d applied within 30 s (target all): %s.
                """,
                    LocalDate.now(),
                    Runtime.getRuntime().availableProcessors(),
                    TERMINALS,
                    ARRIVALS.toSeconds(),
                    HOLD_LIMIT.toSeconds(),
                    TERMINALS,
                    held,
                    waiting,
                    holdingAfter,
                    publishTook,
                    done,
                    inTarget,
                    at(applied, 50),
                    at(applied, 99),
                    done == TERMINALS ? String.format("%.1f", applied.getMaxValue() / 1000.0) : "–",
                    errorCount,
                    polls,
                    received.getMinValue() / 1000.0,
                    at(received, 50),
                    at(received, 99),
                    received.getMaxValue() / 1000.0,
                    received.getTotalCount(),
                    heapBefore >> 20,
                    heapHeld >> 20,
                    perPollKiB,
                    rssBefore >> 10,
                    rssHeld >> 10,
                    rssAfter >> 10,
                    fleetRss >> 10,
                    states,
                    onVersion,
                    rollout.version(),
                    errorLines.isEmpty() ? "" : "Errors:\n\n" + errorLines + "\n",
                    inTarget,
                    TERMINALS,
                    inTarget == TERMINALS ? "met" : "missed");
            System.out.println(section);
            BenchmarkReport.write(section);
            assertThat(appliedInDb)
                    .as("terminals that applied the configuration")
                    .isPositive();
        } finally {
            terminals.destroyForcibly(); // gone already when the run ended well
        }
    }

    private static String at(ConcurrentHistogram applied, int percent) {
        long need = (long) Math.ceil(TERMINALS * percent / 100.0);
        return applied.getTotalCount() >= need
                ? String.format("%.1f", applied.getValueAtPercentile(100.0 * need / applied.getTotalCount()) / 1000.0)
                : "–";
    }

    /** Established connections to the management port, from the kernel's table (as {@code ss} shows them). */
    private int heldConnections() throws IOException {
        String port = String.format(":%04X ", httpPort);
        int n = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && (f[1] + " ").endsWith(port) && "01".equals(f[3])) {
                    n++;
                }
            }
        }
        return n;
    }

    private static long heapAfterGc() throws InterruptedException {
        System.gc();
        Thread.sleep(500);
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
