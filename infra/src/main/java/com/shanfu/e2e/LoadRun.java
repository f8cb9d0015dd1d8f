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
 * merchant over the real APIs, opens a card of its own for each terminal at the issuer simulator (the demo cards are
 * never spent), then runs them as a fleet (`terminal fleet`) at a target rate over real TCP with a realistic mix
 * (sales below the CVM limit, {@code --pin-share} with online PIN, a few voids and refunds, every batch settled at
 * the end), runs the books check (no sale lost or doubled), prints the figures and writes them to
 * docs/benchmarks.md.
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
        String pinShare = arg(a, "--pin-share", "0.2");
        String voidShare = arg(a, "--void-share", "0.02");
        String refundShare = arg(a, "--refund-share", "0.02");
        Path fleet = Files.createDirectories(work)
                .resolve("fleet-" + UUID.randomUUID().toString().substring(0, 8));
        // the operators' client (client credentials): password grants are off outside the test stack
        TmsApi staff = new TmsApi(tms, TmsApi.opsToken(keycloak));
        String mid = staff.registerMerchant("load-" + UUID.randomUUID(), "压测连锁店");
        long provisioning = System.nanoTime();
        provision(staff, tms, mid, fleet, terminals);
        double provisionSeconds = (System.nanoTime() - provisioning) / 1e9;
        OUT.printf("%d terminals shipped, activated and signed on in %.1f s%n", terminals, provisionSeconds);
        String json = cli(fleetArgs(fleet, terminals, tps, duration, pinShare, voidShare, refundShare, true));
        JsonNode r = new ObjectMapper().readTree(json.lines().findFirst().orElseThrow());
        OUT.println(json.strip());
        String books = new TmsApi(tms, TmsApi.opsToken(keycloak)).booksCheck();
        boolean balanced = books.startsWith("BOOKS BALANCE");
        OUT.println(books.lines().findFirst().orElse(books));
        String section = "## Terminal fleet over TCP, own cards and a mixed load\n\n"
                + "Measured " + LocalDate.now() + " on this machine (2 cores) with `infra/shanfu load --terminals "
                + terminals
                + " --tps " + tps + " --duration " + duration + " --pin-share " + pinShare + " --void-share "
                + voidShare
                + " --refund-share " + refundShare
                + "` against `infra/shanfu up` (TMS, MariaDB, the ISO 8583 host on jPOS with its TransactionManager; the"
                + " load driver in the same machine). Each terminal is its own activated home with its own keys, STAN"
                + " and batch and taps a card of its own opened for the run at the issuer simulator, one sale at a time"
                + " (a new TCP connection per message, MAC, ARQC verified, journal committed before the answer); the"
                + " shares of online-PIN sales, voids and refunds are as given; every batch settles at the end and the"
                + " books check runs after.\n\n"
                + "| terminals | target TPS | sent | approved | declined | failed | with PIN | voids | refunds |"
                + " batches balanced | reached TPS | p50 ms | p95 ms | p99 ms | books |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
                + String.format(
                        "| %d | %s | %d | %d | %d | %d | %d | %d | %d | %d/%d | %.1f | %d | %d | %d | %s |%n",
                        terminals,
                        tps,
                        r.get("sent").asLong(),
                        r.get("approved").asLong(),
                        r.get("declined").asLong(),
                        r.get("failed").asLong(),
                        r.get("withPin").asLong(),
                        r.get("voids").asLong(),
                        r.get("refunds").asLong(),
                        r.get("balanced").asLong(),
                        r.get("settled").asLong(),
                        r.get("tps").asDouble(),
                        r.get("p50Millis").asLong(),
                        r.get("p95Millis").asLong(),
                        r.get("p99Millis").asLong(),
                        balanced ? "balance" : "DIFFERENCES")
                + String.format(
                        "%nProvisioning %d terminals (ship, activate with remote key loading, sign-on, a card each): %.1f s.%n",
                        terminals, provisionSeconds);
        if (Files.exists(report)) {
            Files.writeString(report, withRun(Files.readString(report), section));
            OUT.println("written to " + report);
        }
        System.exit(r.get("failed").asLong() == 0 && balanced ? 0 : 1);
    }

    /**
     * Ships, activates (remote key loading) and signs on {@code terminals} terminals of the merchant as homes
     * {@code dir/tNNN}, each with a card of its own opened at the issuer simulator (the demo cards are never spent).
     * When the demo stock is short, devices are added to it first (provisioned by the demo factory when shipped).
     */
    static List<Path> provision(TmsApi staff, String tms, String mid, Path dir, int terminals) throws Exception {
        long stock = staff.inStock("SF-P2");
        for (long i = stock; i < terminals; i++) {
            staff.addToStock(
                    "LOAD-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase(), "SF-P2");
        }
        List<Path> homes = new ArrayList<>();
        for (int i = 1; i <= terminals; i++) {
            String[] shipment = staff.ship("load-" + UUID.randomUUID(), mid);
            Path home = dir.resolve(String.format("t%03d", i));
            cli("--home", home.toString(), "activate", "--tms", tms, "--serial", shipment[0], "--code", shipment[1]);
            cli("--home", home.toString(), "sign-on");
            // a card of its own, with money enough for any run: the demo cards stay as they were
            String pan = ownPan();
            staff.openIssuerCard(pan, 10_000_000_000L);
            Files.writeString(home.resolve("card.pan"), pan + "\n");
            homes.add(home);
        }
        return homes;
    }

    /** Adds the run's row to the fleet table (one row per measured configuration), or the whole section. */
    static String withRun(String doc, String section) {
        String heading = section.lines().findFirst().orElseThrow();
        int start = doc.indexOf(heading + "\n");
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

    /** A UnionPay debit card number of the load run's own range (BIN 622848 then 99), with its check digit. */
    static String ownPan() {
        return Person.card("62284899", 19);
    }

    /** The `terminal fleet` command of a run: JSON out, a progress line, the mix given, settling at the end or not. */
    static String[] fleetArgs(
            Path homes,
            int terminals,
            String tps,
            String duration,
            String pinShare,
            String voidShare,
            String refundShare,
            boolean settle) {
        List<String> args = new ArrayList<>(List.of(
                "--json",
                "fleet",
                "--homes",
                homes.toString(),
                "--terminals",
                String.valueOf(terminals),
                "--tps",
                tps,
                "--duration",
                duration,
                "--pin-share",
                pinShare,
                "--void-share",
                voidShare,
                "--refund-share",
                refundShare,
                "--progress"));
        if (settle) {
            args.add("--settle");
        }
        return args.toArray(String[]::new);
    }

    static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = TerminalCli.run(args, new PrintWriter(out), new PrintWriter(err));
        if (rc != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed: " + out + err);
        }
        return out.toString();
    }

    static String arg(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }
}
