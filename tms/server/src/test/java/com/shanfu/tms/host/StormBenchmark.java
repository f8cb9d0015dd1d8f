package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.tms.BenchFleet;
import com.shanfu.tms.BenchmarkReport;
import com.shanfu.tms.TestStack;
import com.shanfu.tms.keys.SecurityModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
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
 * an RSA key per device) wake within the first 30 s. The terminals run in a process of their own ({@link
 * StormFleet}); the TMS runs in this JVM with the heap and collector of {@code infra/shanfu up}. Each terminal signs
 * on over TLS (its working keys under its TMK), downloads the EMV parameters on a second connection (CA key list,
 * each key, AID list, each AID), and asks the management API for its configuration (heartbeat). Prints completions,
 * errors, the TMS's peak memory and the CPU each process spent per terminal, and writes them to docs/benchmarks.md.
 * Not part of the test run.
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
        // the sessions in progress at once stay at the host's own limit (200): the others wait in the listen backlog
        // or are refused and come back later, as the terminals' retries make them
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
        Path work = Files.createDirectories(Path.of("target", "storm-fleet"));
        Path ca = Files.writeString(work.resolve("ca.pem"), TestStack.caPem());
        Path file = work.resolve("terminals.txt");
        Files.write(
                file,
                terminals.stream()
                        .map(t -> String.join(
                                " ",
                                t.tid(),
                                t.mid(),
                                t.serial(),
                                HexFormat.of().formatHex(t.tmk()),
                                t.credential()))
                        .toList());
        System.gc();
        long rssBefore = BenchFleet.rssKiB();
        long tmsCpuBefore = cpuMillis(ProcessHandle.current().pid());
        long dbPid = mariaDbPid();
        long dbCpuBefore = cpuMillis(dbPid);
        BenchFleet.Child child = BenchFleet.Child.start(
                work,
                "-Xmx2g",
                StormFleet.class,
                Integer.toString(ISO_PORT),
                Integer.toString(httpPort),
                ca.toString(),
                file.toString(),
                Long.toString(ARRIVALS.toSeconds()),
                Long.toString(LIMIT.toSeconds()));
        Process fleet = child.process();
        List<String> out = child.out();
        long peakRss = rssBefore;
        try {
            while (fleet.isAlive()) { // the TMS's memory at its peak, sampled each half second
                peakRss = Math.max(peakRss, BenchFleet.rssKiB());
                fleet.waitFor(500, TimeUnit.MILLISECONDS);
            }
            child.reader().join();
        } finally {
            fleet.destroyForcibly();
            Files.deleteIfExists(file); // the fleet deletes it once read; a fleet that never started does not
        }
        long tmsCpu = cpuMillis(ProcessHandle.current().pid()) - tmsCpuBefore;
        long dbCpu = dbPid > 0 ? cpuMillis(dbPid) - dbCpuBefore : -1;
        Runtime rt = Runtime.getRuntime();
        long heapMiB = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
        ConcurrentHistogram done = new ConcurrentHistogram(3_600_000L, 3); // ms from the storm's start
        StringBuilder errorLines = new StringBuilder();
        int errorCount = 0;
        long retries = 0;
        long fleetCpu = 0;
        long fleetRss = 0;
        for (String line : out) {
            String[] f = line.split(" ", 3);
            switch (f[0]) {
                case "DONE" -> done.recordValue(Long.parseLong(f[1]));
                case "ERROR" -> {
                    errorCount += Integer.parseInt(f[1]);
                    errorLines
                            .append("- ")
                            .append(f[1])
                            .append(" × ")
                            .append(f[2])
                            .append('\n');
                }
                case "RETRIES" -> retries = Long.parseLong(f[1]);
                case "CPU" -> fleetCpu = Long.parseLong(f[1]);
                case "RSS" -> fleetRss = Long.parseLong(f[1]);
                default -> {}
            }
        }
        long completed = done.getTotalCount();
        long inTarget = done.getCountBetweenValues(0, TARGET.toMillis());
        long peakMiB = peakRss / 1024;
        String section = String.format(
                """
                ## Morning storm

                Measured %s on this machine (%d cores) with `infra/shanfu bench storm`: %,d activated terminals (each \
                its own TMK under the LMK and device credential, seeded in %.1f s) wake at random within the first %d \
                s. Each signs on over TLS 1.3 (working keys under its TMK, the answer's MAC checked), downloads the \
                EMV parameters on a second connection (CA key list, each key, AID list, each AID, every message \
                MAC'd) and asks the management API for its configuration (heartbeat over HTTPS). Each terminal keeps \
                its own TLS session cache, and tries a refused connect again after a growing pause (0.5 to 8 s). The \
                terminals run in a process of their own; the TMS runs in the benchmark's JVM with the heap and \
                collector of `infra/shanfu up` (%s) and its limit of 200 sessions in progress (the others wait in \
                the listen backlog of 1,024 or are refused), MariaDB beside both. Targets: all within 60 s, 0 errors, TMS RSS \
                < 1 GiB.

                | terminals | done | within 60 s | errors | connects retried | 50 %% done at s | 99 %% done at s | last at s | TMS RSS peak MiB | TMS heap used MiB |
                |---|---|---|---|---|---|---|---|---|---|
                | %,d | %,d | %,d | %d | %,d | %s | %s | %s | %,d | %,d |

                CPU per finished terminal: TMS %s ms, MariaDB %s ms, the terminals' own side (TLS, MACs, their \
                keys) %s ms; the two cores give %,d ms of CPU a second, so the machine can finish at most %s \
                terminals a second, %s within 60 s. The terminals' process: RSS %,d MiB.

                %sReading: %s within 60 s (target all), %d errors (target 0), TMS RSS at its peak %,d MiB (target \
                < 1 GiB): %s.
                """,
                LocalDate.now(),
                Runtime.getRuntime().availableProcessors(),
                TERMINALS,
                seeding,
                ARRIVALS.toSeconds(),
                String.join(" ", jvmFlags()),
                TERMINALS,
                completed,
                inTarget,
                errorCount,
                retries,
                at(done, 50),
                at(done, 99),
                completed == 0 ? "–" : String.format("%.1f", done.getMaxValue() / 1000.0),
                peakMiB,
                heapMiB,
                perTerminal(tmsCpu, completed),
                dbCpu < 0 ? "?" : perTerminal(dbCpu, completed),
                perTerminal(fleetCpu, completed),
                Runtime.getRuntime().availableProcessors() * 1000,
                completed == 0
                        ? "?"
                        : String.format(
                                "%.0f",
                                Runtime.getRuntime().availableProcessors()
                                        * 1000.0
                                        * completed
                                        / (tmsCpu + Math.max(0, dbCpu) + fleetCpu)),
                completed == 0
                        ? "?"
                        : String.format(
                                "%,.0f",
                                60
                                        * Runtime.getRuntime().availableProcessors()
                                        * 1000.0
                                        * completed
                                        / (tmsCpu + Math.max(0, dbCpu) + fleetCpu)),
                fleetRss >> 10,
                errorLines.isEmpty() ? "" : "Errors:\n\n" + errorLines + "\n",
                String.format("%,d of %,d", inTarget, TERMINALS),
                errorCount,
                peakMiB,
                inTarget == TERMINALS && errorCount == 0 && peakMiB < 1024 ? "met" : "missed");
        System.out.println(section);
        BenchmarkReport.write(section);
        assertThat(completed).as("terminals that finished").isPositive();
    }

    private static String perTerminal(long cpuMillis, long terminals) {
        return terminals == 0 ? "?" : String.format("%.1f", (double) cpuMillis / terminals);
    }

    private static String at(ConcurrentHistogram done, int percent) {
        long need = (long) Math.ceil(TERMINALS * percent / 100.0);
        return done.getTotalCount() >= need
                ? String.format("%.1f", done.getValueAtPercentile(100.0 * need / done.getTotalCount()) / 1000.0)
                : "–";
    }

    private static List<String> jvmFlags() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xmx") || a.startsWith("-XX:+Use"))
                .toList();
    }

    private static long cpuMillis(long pid) {
        return pid > 0 ? BenchFleet.cpuMillis(pid) : 0;
    }

    /** The test stack's MariaDB (infra/shanfu test starts it and writes its pid), or 0. */
    private static long mariaDbPid() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pid = dir.resolve("target/test-stack/db/mariadb.pid");
            if (Files.exists(pid)) {
                try {
                    return Long.parseLong(Files.readString(pid).trim());
                } catch (IOException | NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
