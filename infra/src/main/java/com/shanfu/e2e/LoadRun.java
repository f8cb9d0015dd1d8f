package com.shanfu.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shanfu.terminal.cli.TerminalCli;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The load benchmark ({@code infra/shanfu load}): against a running stack, ships and activates N terminals of one
 * merchant over the real APIs, then runs them as a fleet (`terminal fleet`) at a target rate over real TCP, prints
 * the figures and writes them to docs/benchmarks.md.
 */
public final class LoadRun {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private LoadRun() {}

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        String tms = arg(a, "--tms", "https://localhost:8081");
        String keycloak = arg(a, "--keycloak", "http://localhost:8180");
        int terminals = Integer.parseInt(arg(a, "--terminals", "20"));
        String tps = arg(a, "--tps", "100");
        String duration = arg(a, "--duration", "30s");
        Path work = Path.of(arg(a, "--work", ".shanfu/load"));
        Path report = Path.of(arg(a, "--report", "docs/benchmarks.md"));
        Path fleet = Files.createDirectories(work)
                .resolve("fleet-" + UUID.randomUUID().toString().substring(0, 8));
        TmsApi staff = new TmsApi(tms, TmsApi.token(keycloak, "staff1", WalkingSkeleton.DEMO_PASSWORD));
        long stock = staff.inStock("SF-P2");
        if (stock < terminals) {
            OUT.println(
                    "only " + stock + " SF-P2 devices are in stock for " + terminals + " terminals: ask for fewer, or"
                            + " restart the stack (infra/shanfu up starts from fresh demo data)");
            System.exit(2);
        }
        String mid = staff.registerMerchant("load-" + UUID.randomUUID(), "压测连锁店");
        long provisioning = System.nanoTime();
        for (int i = 1; i <= terminals; i++) {
            String[] shipment = staff.ship("load-" + UUID.randomUUID(), mid);
            Path home = fleet.resolve(String.format("t%03d", i));
            cli("--home", home.toString(), "activate", "--tms", tms, "--serial", shipment[0], "--code", shipment[1]);
            cli("--home", home.toString(), "sign-on");
        }
        double provisionSeconds = (System.nanoTime() - provisioning) / 1e9;
        OUT.printf("%d terminals shipped, activated and signed on in %.1f s%n", terminals, provisionSeconds);
        String json = cli(
                "--json",
                "fleet",
                "--homes",
                fleet.toString(),
                "--terminals",
                String.valueOf(terminals),
                "--tps",
                tps,
                "--duration",
                duration);
        JsonNode r = new ObjectMapper().readTree(json.lines().findFirst().orElseThrow());
        OUT.println(json.strip());
        String section = "## Terminal fleet over TCP\n\n"
                + "Measured " + LocalDate.now() + " on this machine (2 cores) with `infra/shanfu load --terminals "
                + terminals
                + " --tps " + tps + " --duration " + duration
                + "` against `infra/shanfu up` (TMS, MariaDB, the ISO 8583 host"
                + " on jPOS with its TransactionManager; the load driver in the same machine). Each terminal is its own"
                + " activated home with its own keys, STAN and batch, taps one sale at a time (a new TCP connection per"
                + " sale, MAC, ARQC verified by the issuer simulator, journal committed before the answer), amounts below"
                + " the CVM limit.\n\n"
                + "| terminals | target TPS | sent | approved | failed | reached TPS | p50 ms | p95 ms | p99 ms |\n"
                + "|---|---|---|---|---|---|---|---|---|\n"
                + String.format(
                        "| %d | %s | %d | %d | %d | %.1f | %d | %d | %d |%n",
                        terminals,
                        tps,
                        r.get("sent").asLong(),
                        r.get("approved").asLong(),
                        r.get("failed").asLong(),
                        r.get("tps").asDouble(),
                        r.get("p50Millis").asLong(),
                        r.get("p95Millis").asLong(),
                        r.get("p99Millis").asLong())
                + String.format(
                        "%nProvisioning %d terminals (ship, activate with remote key loading, sign-on): %.1f s.%n",
                        terminals, provisionSeconds);
        if (Files.exists(report)) {
            Files.writeString(report, withRun(Files.readString(report), section));
            OUT.println("written to " + report);
        }
        System.exit(r.get("failed").asLong() == 0 ? 0 : 1);
    }

    /** Adds the run's row to the fleet table (one row per measured configuration), or the whole section. */
    static String withRun(String doc, String section) {
        int start = doc.indexOf("## Terminal fleet over TCP");
        if (start < 0) {
            return doc.stripTrailing() + "\n\n" + section;
        }
        int end = doc.indexOf("\n## ", start + 1);
        String old = end < 0 ? doc.substring(start) : doc.substring(start, end + 1);
        String row = section.lines()
                .filter(l -> l.startsWith("| ") && !l.startsWith("| terminals"))
                .findFirst()
                .orElseThrow();
        List<String> lines = new ArrayList<>(old.lines().toList());
        int lastRow = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("| ")) {
                lastRow = i;
            }
        }
        lines.add(lastRow + 1, row);
        String updated = String.join("\n", lines) + "\n";
        return doc.substring(0, start) + updated + (end < 0 ? "" : doc.substring(end + 1));
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = TerminalCli.run(args, new PrintWriter(out), new PrintWriter(err));
        if (rc != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed: " + out + err);
        }
        return out.toString();
    }

    private static String arg(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }
}
