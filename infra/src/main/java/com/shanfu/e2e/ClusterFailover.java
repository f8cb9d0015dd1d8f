package com.shanfu.e2e;

import com.shanfu.terminal.state.TerminalState;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The cluster's failover test ({@code infra/shanfu cluster test}; docs/operations.md, "Failover under load"). Against
 * a running {@code infra/shanfu cluster}: 25 terminals, shipped and activated through HAProxy, sell through HAProxy's
 * ISO port while, one scenario at a time, a TMS instance is killed with SIGKILL, the Galera node HAProxy writes to is
 * killed, a Keycloak node is stopped and the portal instance a signed-in merchant is on is stopped; each is started
 * again during the load, as a supervisor would. After each scenario every terminal settles and: every sale a terminal
 * saw approved is in the journal exactly once and nothing else is; nothing reversed stays charged; every batch
 * balances; the books check (through the TMS API, behind HAProxy) finds no difference; and the merchant, signed in
 * before, still reaches their dashboard while the instance is down (on their session, or signed in again by Keycloak's
 * single sign-on: the report says which). The figures go to docs/operations.md; any failed check exits 1.
 */
public final class ClusterFailover {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final String MERCHANT_PAGE = "/merchant";

    enum Scenario {
        TMS_KILLED("a TMS instance killed (SIGKILL)"),
        GALERA_WRITE_NODE_KILLED("the Galera node HAProxy writes to killed (SIGKILL)"),
        KEYCLOAK_STOPPED("a Keycloak node stopped"),
        PORTAL_STOPPED("the merchant's portal instance stopped");

        final String text;

        Scenario(String text) {
            this.text = text;
        }
    }

    record Row(
            Scenario scenario,
            String victim,
            int terminals,
            long reversedByTerminals,
            long undoneByHost,
            TapAudit.Outcome load,
            TapAudit.Check check,
            int settled,
            boolean books,
            PortalSession.Visit merchantDuring,
            PortalSession.Visit merchantAfter,
            double tokenAfter,
            double restartSeconds) {}

    private final String control;
    private final String tms;
    private final String keycloak;
    private final String db;
    private final String stats;
    private final PortalSession merchant;
    private final List<Crossing> crossings = new ArrayList<>();
    /** reversals so far (the terminals' records hold every scenario's) */
    private long reversed;

    private long undone;

    private ClusterFailover(String control, String tms, String portal, String keycloak, String db, String stats) {
        this.control = control;
        this.tms = tms;
        this.keycloak = keycloak;
        this.db = db;
        this.stats = stats;
        this.merchant = new PortalSession(portal);
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        ClusterFailover f = new ClusterFailover(
                LoadRun.arg(a, "--control", "infra/shanfu"),
                LoadRun.arg(a, "--tms", "https://localhost:8091"),
                LoadRun.arg(a, "--portal", "https://localhost:8090"),
                LoadRun.arg(a, "--keycloak", "http://localhost:8390"),
                LoadRun.arg(a, "--db", "jdbc:mysql://127.0.0.1:3340/shanfu_tms"),
                LoadRun.arg(a, "--stats", "http://127.0.0.1:8404/stats;csv"));
        int terminals = Integer.parseInt(LoadRun.arg(a, "--terminals", "25"));
        Duration load = Duration.ofSeconds(Long.parseLong(LoadRun.arg(a, "--seconds", "40")));
        Path work = Path.of(LoadRun.arg(a, "--work", ".shanfu/cluster/failover"));
        Path report = Path.of(LoadRun.arg(a, "--report", "docs/operations.md"));
        if (a.contains("--restored-tms")) {
            System.exit(
                    f.restored(
                                    work.resolve("fleet"),
                                    LoadRun.arg(a, "--restored-tms", null),
                                    Integer.parseInt(LoadRun.arg(a, "--restored-iso", "0")),
                                    LoadRun.arg(a, "--restored-db", null))
                            ? 0
                            : 1);
        }
        String[] instances = LoadRun.arg(a, "--instances", "https://localhost:8191,https://localhost:8192")
                .split(",");
        List<Row> rows = f.run(terminals, load, Files.createDirectories(work), instances);
        boolean ok = rows.stream().allMatch(ClusterFailover::passed)
                && f.crossings.size() == 2
                && f.crossings.stream().allMatch(Crossing::passed);
        String section = section(rows, terminals, load, f.crossings);
        OUT.println(section);
        if (Files.exists(report)) {
            Files.writeString(report, Reports.replaceSection(Files.readString(report), section));
            OUT.println("written to " + report);
        }
        System.exit(ok ? 0 : 1);
    }

    private List<Row> run(int terminals, Duration load, Path work, String[] instances) throws Exception {
        TmsApi staff = new TmsApi(tms, TmsApi.opsToken(keycloak));
        String mid = staff.registerMerchant("failover-" + UUID.randomUUID(), "集群演练便利店");
        long t0 = System.nanoTime();
        List<Path> homes = LoadRun.provision(staff, tms, mid, work.resolve("fleet"), terminals);
        OUT.printf("%d terminals shipped, activated and signed on through HAProxy in %.1f s%n", terminals, secs(t0));
        merchant.signIn("merchant1", WalkingSkeleton.DEMO_PASSWORD, MERCHANT_PAGE);
        OUT.println("merchant1 signed in to the portal through HAProxy (instance "
                + merchant.instanceCookie("SHANFU_NODE") + ")");
        List<Row> rows = new ArrayList<>();
        for (Scenario s : Scenario.values()) {
            rows.add(scenario(s, homes, load));
            Row r = rows.getLast();
            OUT.println(line(r));
            if (!passed(r)) {
                OUT.println("FAILED: " + s + " " + r.check());
            }
        }
        crossings.addAll(across(homes, mid, instances));
        return rows;
    }

    /** A push task or refund written through one instance, while the terminal's long poll is held by the other. */
    record Crossing(String task, String pollOn, String writtenOn, String result, double seconds) {
        boolean passed() {
            return result.contains(task + ": APPLIED");
        }
    }

    /**
     * The long poll is held by one TMS instance (the terminal's management channel pointed at it), the task is
     * written through the other (the API called on it directly): the other instance's push watcher must wake the
     * poll, the terminal carry the task out and report it. Once a refund request of the merchant's (the refund
     * queue), once an admin asking the terminal for its log.
     */
    List<Crossing> across(List<Path> homes, String mid, String[] instances) throws Exception {
        Path home = homes.get(1);
        var state = TerminalState.load(home);
        String viaBalancer = state.tmsUrl();
        List<Crossing> out = new ArrayList<>();
        try {
            for (int round = 0; round < 2; round++) {
                String pollOn = instances[round];
                String writeOn = instances[1 - round];
                state = TerminalState.load(home);
                state.tmsReachedThrough(pollOn);
                state.save(home);
                String[] agent = {""};
                Thread poll = Thread.ofPlatform()
                        .start(() ->
                                agent[0] = LoadRun.cli("--home", home.toString(), "agent", "--once", "--wait", "20"));
                Thread.sleep(3000); // the heartbeat done, the poll held
                long t = System.nanoTime();
                TmsApi api = new TmsApi(writeOn, TmsApi.opsToken(keycloak));
                String task;
                if (round == 0) {
                    task = "REFUND";
                    api.requestRefund(mid, lastSale(state.tid()), 1, "failover-" + UUID.randomUUID());
                } else {
                    task = "LOG_UPLOAD"; // asked through one instance, uploaded to the other
                    api.requestLog(state.serial());
                }
                poll.join(30_000);
                out.add(new Crossing(task, pollOn, writeOn, agent[0].strip(), secs(t)));
                OUT.println("push across instances: " + out.getLast());
            }
        } finally {
            state = TerminalState.load(home);
            state.tmsReachedThrough(viaBalancer);
            state.save(home);
        }
        return out;
    }

    /** The id of the terminal's newest approved sale, in the journal. */
    private long lastSale(String tid) throws Exception {
        try (var c = DriverManager.getConnection(db, "shanfu", "shanfu");
                var ps = c.prepareStatement("select t.id from txn t join device d on d.id = t.device_id where d.tid = ?"
                        + " and t.kind = 'PURCHASE' and t.status = 'APPROVED' order by t.id desc limit 1")) {
            ps.setString(1, tid);
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("terminal " + tid + " has no approved sale");
                }
                return rs.getLong(1);
            }
        }
    }

    private Row scenario(Scenario s, List<Path> homes, Duration load) throws Exception {
        String victim = switch (s) {
            case TMS_KILLED -> "tms1";
            case GALERA_WRITE_NODE_KILLED -> writeNode();
            case KEYCLOAK_STOPPED -> "kc1";
            case PORTAL_STOPPED ->
                "portal" + merchant.instanceCookie("SHANFU_NODE").substring(1);
        };
        boolean kill = s == Scenario.TMS_KILLED || s == Scenario.GALERA_WRITE_NODE_KILLED;
        PortalSession.Visit[] during = {PortalSession.Visit.FAILED};
        double[] token = {-1};
        double[] restart = {-1};
        OUT.println("== " + s.text + ": " + victim);
        TapAudit.Outcome o = TapAudit.sell(homes, load, 400, () -> {
            try {
                Thread.sleep(load.toMillis() / 4);
                control(kill ? "kill" : "stop", victim);
                long down = System.nanoTime();
                try {
                    Thread.sleep(2500); // HAProxy's checks take it out (2 failed checks a second apart)
                    token[0] = secondsToToken(down);
                    during[0] = merchant.visit(MERCHANT_PAGE);
                } finally { // started again whatever the checks met, as a supervisor would
                    long t = System.nanoTime();
                    control("start", victim);
                    restart[0] = secs(t);
                }
            } catch (Exception e) {
                throw new IllegalStateException(s + " could not be injected", e);
            }
        });
        int settled = TapAudit.settleAll(homes);
        TapAudit.Check c = TapAudit.check(homes, db, "shanfu", "shanfu");
        long reversedBefore = this.reversed;
        long undoneBefore = this.undone;
        this.reversed = c.reversedByTerminals();
        this.undone = c.undoneByHost();
        boolean books = new TmsApi(tms, TmsApi.opsToken(keycloak)).booksCheck().startsWith("BOOKS BALANCE");
        return new Row(
                s,
                victim,
                homes.size(),
                c.reversedByTerminals() - reversedBefore,
                c.undoneByHost() - undoneBefore,
                o,
                c,
                settled,
                books,
                during[0],
                merchant.visit(MERCHANT_PAGE),
                token[0],
                restart[0]);
    }

    /**
     * The system brought back from a backup: a TMS started on the restored database (with the LMK's components, which
     * no database backup holds) takes one of the fleet's terminals: sign-on with its keys from the backup, a sale, a
     * settlement that balances; then the terminal's records against the restored journal and the books check through
     * that TMS's API.
     */
    private boolean restored(Path fleet, String restoredTms, int restoredIso, String restoredDb) throws Exception {
        Path home = fleet.resolveSibling("restored-terminal");
        try (var files = Files.walk(fleet.resolve("t001"))) {
            for (Path p : files.toList()) {
                Files.copy(
                        p,
                        home.resolve(fleet.resolve("t001").relativize(p).toString()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        var state = TerminalState.load(home);
        state.hostReachedThrough(restoredIso, 5000);
        state.save(home);
        LoadRun.cli("--home", home.toString(), "sign-on");
        LoadRun.cli("--home", home.toString(), "tap", "--amount", "12.34", "--card", "unionpay-debit");
        String settle = LoadRun.cli("--home", home.toString(), "--json", "settle");
        TapAudit.Check c = TapAudit.check(List.of(home), restoredDb, "shanfu", "shanfu");
        String books = new TmsApi(restoredTms, TmsApi.opsToken(keycloak)).booksCheck();
        OUT.println("restored: terminal " + state.tid() + " signed on, sold and settled (" + settle.strip() + ");"
                + " its records against the restored journal: " + (c.clean() ? "each sale once" : c) + "; books: "
                + books.lines().findFirst().orElse(books));
        return c.clean() && books.startsWith("BOOKS BALANCE") && settle.contains("\"balanced\":true");
    }

    private static boolean passed(Row r) {
        return r.check().clean()
                && r.books()
                && r.settled() == r.terminals()
                && r.load().approved() > 0
                && r.tokenAfter() >= 0
                && r.restartSeconds() >= 0
                && r.merchantDuring() != PortalSession.Visit.FAILED
                && r.merchantAfter() != PortalSession.Visit.FAILED;
    }

    /** The Galera node HAProxy sends writes to now: the one of the write backend holding sessions. */
    private String writeNode() throws Exception {
        String csv = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(stats)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        String best = "galera1";
        long most = -1;
        for (String l : csv.split("\n")) {
            String[] f = l.split(",");
            if (f.length > 17 && "galera-write".equals(f[0]) && f[1].startsWith("galera") && f[17].startsWith("UP")) {
                long sessions = Long.parseLong(f[4]);
                if (sessions > most) {
                    most = sessions;
                    best = f[1];
                }
            }
        }
        return best;
    }

    /**
     * Seconds from the process going down until Keycloak, through HAProxy, serves a token again (asked every half
     * second, for at most a minute), or -1.
     */
    private double secondsToToken(long down) throws InterruptedException {
        while (secs(down) < 60) {
            try {
                if (!TmsApi.opsToken(keycloak).isBlank()) {
                    return secs(down);
                }
            } catch (Exception | AssertionError e) { // 503 while no Keycloak node is ready
                // asked again
            }
            Thread.sleep(500);
        }
        return -1;
    }

    private void control(String verb, String name) throws Exception {
        Process p =
                new ProcessBuilder(control, "cluster", verb, name).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("infra/shanfu cluster " + verb + " " + name + " failed");
        }
    }

    private static double secs(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static String line(Row r) {
        TapAudit.Outcome o = r.load();
        TapAudit.Check c = r.check();
        return String.format(
                "| %s | %s | %,d | %,d | %,d%s | %,d | %,d | %,d | %s | %d/%d | %.1f | %.0f | %s | %s | %s | %s |",
                r.scenario().text,
                r.victim(),
                o.attempted(),
                o.approved(),
                o.declined(),
                o.declinedCodes().isEmpty() ? "" : " " + o.declinedCodes(),
                o.failed(),
                r.reversedByTerminals(),
                r.undoneByHost(),
                c.clean()
                        ? "yes"
                        : "NO: " + c.missingOnHost().size() + " missing, "
                                + c.unknownToTerminals().size() + " unknown, "
                                + c.reversedButCharged().size() + " charged",
                r.settled(),
                r.terminals(),
                o.disruptionSeconds(),
                r.restartSeconds(),
                r.books() ? "balance" : "DIFFERENCES",
                r.tokenAfter() < 0 ? "NONE within 60 s" : String.format("%.1f", r.tokenAfter()),
                words(r.merchantDuring()),
                words(r.merchantAfter()));
    }

    private static String words(PortalSession.Visit v) {
        return switch (v) {
            case SESSION_KEPT -> "kept the session";
            case SIGNED_IN_AGAIN_BY_SSO -> "signed in again by Keycloak's SSO, no password";
            case PASSWORD_ASKED -> "asked for the password again";
            case FAILED -> "FAILED";
        };
    }

    private static String section(List<Row> rows, int terminals, Duration load, List<Crossing> crossings) {
        StringBuilder b = new StringBuilder("## Failover under load\n\nMeasured ")
                .append(LocalDate.now())
                .append(
                        " on this machine (2 cores: three Galera nodes, HAProxy, two Keycloak nodes, two TMS, two portals"
                                + " and the terminals all on it) with `infra/shanfu cluster test`: ")
                .append(terminals)
                .append(" terminals sell through HAProxy's ISO port, each tapping a sale every 0.4 s for ")
                .append(load.toSeconds())
                .append(" s per scenario. A quarter into the load the process is killed or stopped; 2.5 s later a"
                        + " token is asked of Keycloak through HAProxy every half second until one is served (the"
                        + " column: seconds from the kill or stop), then the signed-in merchant opens their dashboard;"
                        + " then the process is started again (the restart column: until it serves again). After the"
                        + " load every terminal settles, and the terminals' records are held against the journal sale by"
                        + " sale. Disruption is the longest time in the scenario without an approval anywhere in the"
                        + " fleet.\n\n")
                .append(
                        "| scenario | process | sales tried | approved | declined | no answer | reversed by terminals |"
                                + " undone by host | each approved sale once in the journal | settled balanced |"
                                + " seconds of disruption | restart s | books | Keycloak token after s | merchant during | merchant after |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        rows.forEach(r -> b.append(line(r)).append('\n'));
        b.append("\n")
                .append(
                        "Reading the table: a killed TMS costs the sales that were on it at that moment (no answer: the "
                                + "terminal reverses each; the host finds nothing to undo when the sale had not been committed, "
                                + "and undoes it when it had); HAProxy stops sending to it within about two seconds. A killed "
                                + "Galera write node is the longest disruption: the TMS's open connections to it are cut, the "
                                + "sales in flight get `96` (a decline, nothing charged) until HAProxy's checks move the writes to "
                                + "the next node, and the pool opens new connections there. Keycloak's nodes can be not ready for those seconds too (their readiness includes their database; in one run here no Keycloak node was ready 2.5 s after the kill and HAProxy answered 503): people cannot sign in then, signed-in people and terminals do not notice. Stopping a Keycloak node or a portal "
                                + "is not seen by terminals; the merchant on the stopped portal is signed in again by Keycloak, "
                                + "without a password.")
                .append(
                        "\n\nA task written through one TMS instance while the terminal's long poll is held by the other"
                                + " (the terminal's management channel pointed at one instance, the API called on the other):"
                                + " the writer's push watcher is not the poll's; the poll's instance sees the row and answers."
                                + "\n\n| task | poll held by | written through | the terminal's agent | seconds to done |\n"
                                + "|---|---|---|---|---|\n");
        crossings.forEach(c -> b.append(String.format(
                "| %s | %s | %s | %s | %.1f |%n",
                c.task(),
                c.pollOn(),
                c.writtenOn(),
                c.result().replace("|", "/").replace("\n", " "),
                c.seconds())));
        return b.toString();
    }
}
