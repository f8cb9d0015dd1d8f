package com.shanfu.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shanfu.protocol.tls.Tls;
import com.shanfu.terminal.state.TerminalState;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code infra/shanfu bench host}: the host against its ceiling, with the same driver. It provisions N terminals on
 * the real TMS (own cards), copies their homes to point at an {@link EchoHost} (the same packager, framing, TLS and
 * connection per message, answering at once), and runs the same fleet — same mix, as fast as each terminal can go —
 * first against the echo, then against the real host. It reads the TMS's and MariaDB's CPU time and MariaDB's
 * statement counters around the host run, records the TMS with JFR and sums where its samples fall, runs the host
 * once more paced at a quarter of the ceiling for its latency there, runs the books check, prints everything and
 * writes the section "Host against its echo ceiling" to docs/benchmarks.md.
 */
public final class HostBench {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private HostBench() {}

    /** One fleet run's figures, with the CPU seconds used meanwhile by the processes watched. */
    record Run(String what, JsonNode fleet, double driverCpu, double hostCpu, double dbCpu, Map<String, Long> db) {
        long sales() {
            return fleet.get("sent").asLong();
        }

        double tps() {
            return fleet.get("tps").asDouble();
        }

        long p(String percentile) {
            return fleet.get(percentile).asLong();
        }

        long failed() {
            return fleet.get("failed").asLong();
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        String tms = LoadRun.arg(a, "--tms", "https://localhost:8081");
        String keycloak = LoadRun.arg(a, "--keycloak", "http://localhost:8180");
        int terminals = Integer.parseInt(LoadRun.arg(a, "--terminals", "40"));
        String duration = LoadRun.arg(a, "--duration", "20s");
        String warmup = LoadRun.arg(a, "--warmup", "8s");
        Path work = Path.of(LoadRun.arg(a, "--work", ".shanfu/bench"));
        Path report = Path.of(LoadRun.arg(a, "--report", "docs/benchmarks.md"));
        long tmsPid = Long.parseLong(LoadRun.arg(a, "--tms-pid", "0"));
        long dbPid = Long.parseLong(LoadRun.arg(a, "--db-pid", "0"));
        String dbUrl = LoadRun.arg(a, "--db-url", "jdbc:mysql://127.0.0.1:3307/shanfu_tms?useSSL=false");
        int echoPort = Integer.parseInt(LoadRun.arg(a, "--echo-port", "8593"));
        String pinShare = LoadRun.arg(a, "--pin-share", "0.2");
        Path dir = Files.createDirectories(work)
                .resolve("host-" + UUID.randomUUID().toString().substring(0, 8));

        TmsApi staff = new TmsApi(tms, TmsApi.opsToken(keycloak));
        String mid = staff.registerMerchant("bench-" + UUID.randomUUID(), "基准测试店");
        long t0 = System.nanoTime();
        List<Path> real = LoadRun.provision(staff, tms, mid, dir.resolve("real"), terminals);
        OUT.printf("%d terminals provisioned on the host in %.1f s%n", terminals, (System.nanoTime() - t0) / 1e9);

        // the same terminals, pointed at the echo: a copy of each home, its host port changed
        Map<String, String> macKeys = new HashMap<>();
        for (Path home : real) {
            Path copy = dir.resolve("echo").resolve(home.getFileName());
            copyTree(home, copy);
            TerminalState state = TerminalState.load(copy);
            state.hostReachedThrough(echoPort, state.hostTimeoutMillis());
            state.save(copy);
            macKeys.put(state.tid(), state.macKey());
        }
        String keystore = System.getenv("SHANFU_TLS_KEYSTORE");
        char[] password = System.getenv("SHANFU_TLS_PASSWORD").toCharArray();
        Run echo;
        try (EchoHost host = EchoHost.start(echoPort, Tls.serverContext(Path.of(keystore), password), macKeys)) {
            fleet(dir.resolve("echo"), terminals, "1000000", warmup, pinShare, false);
            // the driver profiles itself in the echo run: what it costs per sale, where the host's cost is absent
            try (jdk.jfr.Recording rec = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"))) {
                rec.start();
                echo = measured("echo", dir.resolve("echo"), terminals, "1000000", duration, pinShare, 0, 0, null);
                rec.stop();
                rec.dump(dir.resolve("driver.jfr"));
            }
            OUT.printf("echo answered %d messages%n", host.answered());
        }
        fleet(dir.resolve("real"), terminals, "1000000", warmup, pinShare, false);
        Path jfr = dir.resolve("tms.jfr");
        jcmd(tmsPid, "JFR.start", "name=bench", "settings=profile", "filename=" + jfr.toAbsolutePath());
        Run host =
                measured("host", dir.resolve("real"), terminals, "1000000", duration, pinShare, tmsPid, dbPid, dbUrl);
        jcmd(tmsPid, "JFR.stop", "name=bench");
        double quarter = echo.tps() / 4;
        double pacedAt = Math.min(quarter, host.tps() * 0.8);
        Run paced = measured(
                "host paced",
                dir.resolve("real"),
                terminals,
                String.format("%.0f", pacedAt),
                duration,
                pinShare,
                tmsPid,
                dbPid,
                dbUrl);
        String books = new TmsApi(tms, TmsApi.opsToken(keycloak)).booksCheck();
        boolean balanced = books.startsWith("BOOKS BALANCE");
        OUT.println(books.lines().findFirst().orElse(books));
        Profile profile = Files.exists(jfr) ? Profile.read(jfr) : null;
        Profile driverProfile = Profile.read(dir.resolve("driver.jfr"));

        String section = section(
                terminals, duration, pinShare, echo, host, paced, pacedAt, quarter, profile, driverProfile, balanced);
        OUT.println();
        OUT.println(section);
        if (Files.exists(report)) {
            Files.writeString(report, Reports.replaceSection(Files.readString(report), section));
            OUT.println("written to " + report);
        }
        boolean clean = echo.failed() == 0 && host.failed() == 0 && paced.failed() == 0 && balanced;
        System.exit(clean ? 0 : 1);
    }

    private static Run measured(
            String what,
            Path homes,
            int terminals,
            String tps,
            String duration,
            String pinShare,
            long hostPid,
            long dbPid,
            String dbUrl)
            throws Exception {
        double driver0 = cpuSeconds(ProcessHandle.current().pid());
        double host0 = cpuSeconds(hostPid);
        double db0 = cpuSeconds(dbPid);
        Map<String, Long> status0 = dbUrl == null ? Map.of() : dbStatus(dbUrl);
        JsonNode r = fleet(homes, terminals, tps, duration, pinShare, true);
        Map<String, Long> status1 = dbUrl == null ? Map.of() : dbStatus(dbUrl);
        Map<String, Long> delta = new LinkedHashMap<>();
        status1.forEach((k, v) -> delta.put(k, v - status0.getOrDefault(k, 0L)));
        Run run = new Run(
                what,
                r,
                cpuSeconds(ProcessHandle.current().pid()) - driver0,
                cpuSeconds(hostPid) - host0,
                cpuSeconds(dbPid) - db0,
                delta);
        OUT.printf(
                "%s: %d sales, %.1f/s, p50 %d ms, p99 %d ms, %d failed; CPU s: driver %.1f, host %.1f, MariaDB %.1f%n",
                what,
                run.sales(),
                run.tps(),
                run.p("p50Millis"),
                run.p("p99Millis"),
                run.failed(),
                run.driverCpu(),
                run.hostCpu(),
                run.dbCpu());
        return run;
    }

    private static JsonNode fleet(
            Path homes, int terminals, String tps, String duration, String pinShare, boolean settle) throws Exception {
        String json = LoadRun.cli(LoadRun.fleetArgs(homes, terminals, tps, duration, pinShare, "0.02", "0.02", settle));
        return JSON.readTree(json.lines().findFirst().orElseThrow());
    }

    /** A process's user + system CPU time so far, in seconds (0 for no process). */
    static double cpuSeconds(long pid) {
        if (pid <= 0) {
            return 0;
        }
        return ProcessHandle.of(pid)
                        .flatMap(p -> p.info().totalCpuDuration())
                        .orElse(Duration.ZERO)
                        .toNanos()
                / 1e9;
    }

    /** MariaDB's server-wide counters of statements and commits (SHOW GLOBAL STATUS). */
    static Map<String, Long> dbStatus(String url) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(
                        url,
                        System.getenv().getOrDefault("SHANFU_DB_USER", "shanfu"),
                        System.getenv().getOrDefault("SHANFU_DB_PASSWORD", "shanfu"));
                ResultSet rs = c.createStatement()
                        .executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_commit',"
                                + " 'Com_select', 'Com_insert', 'Com_update', 'Com_stmt_execute',"
                                + " 'Innodb_data_fsyncs', 'Innodb_os_log_fsyncs')")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static void jcmd(long pid, String... command) throws Exception {
        if (pid <= 0) {
            return;
        }
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(String.valueOf(pid));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            OUT.println("jcmd " + String.join(" ", command) + " failed: " + out.strip());
        }
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static String section(
            int terminals,
            String duration,
            String pinShare,
            Run echo,
            Run host,
            Run paced,
            double pacedAt,
            double quarter,
            Profile profile,
            Profile driverProfile,
            boolean balanced) {
        StringBuilder s = new StringBuilder("## Host against its echo ceiling\n\n");
        s.append("Measured ")
                .append(LocalDate.now())
                .append(" on this machine (")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores) with `infra/shanfu bench host`: ")
                .append(terminals)
                .append(" terminals in one driver process, each as fast as it can (one sale at a time, a new TLS 1.3"
                        + " connection per message, MAC), ")
                .append(Math.round(Double.parseDouble(pinShare) * 100))
                .append(" % of sales with online PIN, 2 % voided and 2 % partly refunded, every batch settled at the"
                        + " end; ")
                .append(duration)
                .append(" each after a warm-up. The echo is a bare jPOS server on the same packager, framing, TLS"
                        + " and connection model that answers 00 with a MAC at once; the host is the real one (keys"
                        + " under the LMK, MAC and ARQC checked, the issuer's debit and the journal committed before"
                        + " the answer, MariaDB with durable commits). CPU is each process's own, over the run.\n\n");
        s.append("| run | target TPS | sales | failed | reached TPS | p50 ms | p95 ms | p99 ms | driver CPU ms/sale"
                + " | host CPU ms/sale | MariaDB CPU ms/sale |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run r : List.of(echo, host, paced)) {
            s.append(String.format(
                    "| %s | %s | %d | %d | %.1f | %d | %d | %d | %.2f | %s | %s |%n",
                    r.what(),
                    r == paced ? String.format("%.0f", pacedAt) : "as fast as possible",
                    r.sales(),
                    r.failed(),
                    r.tps(),
                    r.p("p50Millis"),
                    r.p("p95Millis"),
                    r.p("p99Millis"),
                    perSale(r.driverCpu(), r),
                    r == echo ? "(in the driver)" : String.format("%.2f", perSale(r.hostCpu(), r)),
                    r == echo ? "-" : String.format("%.2f", perSale(r.dbCpu(), r))));
        }
        double ratio = host.tps() / echo.tps();
        s.append(String.format(
                "%nRatio: the host reached %.1f %% of the echo ceiling (%.1f of %.1f sales/s); a quarter of the ceiling"
                        + " is %.1f/s.%n",
                100 * ratio, host.tps(), echo.tps(), quarter));
        if (!host.db().isEmpty()) {
            s.append("\nDatabase work per sale in the host run (MariaDB's counters; a sale's share of voids, refunds"
                    + " and settlement included):");
            host.db()
                    .forEach((k, v) -> s.append(String.format(" %s %.1f;", k, v / (double) Math.max(1, host.sales()))));
            s.setLength(s.length() - 1);
            s.append(".\n");
        }
        if (profile != null) {
            s.append("\n").append(profile.markdown("the TMS's CPU went in the host run"));
        }
        s.append("\n")
                .append(driverProfile.markdown(
                        "the driver's CPU went in the echo run (terminals and echo in one process)"));
        boolean met = ratio >= 0.25 && paced.p("p99Millis") < 100 && pacedAt >= quarter * 0.99;
        s.append(String.format(
                "%nReading: target (host ≥ 25 %% of the echo ceiling with p99 < 100 ms) %s: %.1f %% of the ceiling;"
                        + " paced at %.0f/s its p99 was %d ms. Books check: %s.%n",
                met ? "met" : "missed",
                100 * ratio,
                pacedAt,
                paced.p("p99Millis"),
                balanced ? "balance" : "DIFFERENCES"));
        return s.toString();
    }

    private static double perSale(double cpuSeconds, Run r) {
        return r.sales() == 0 ? 0 : 1000 * cpuSeconds / r.sales();
    }
}
