package com.shanfu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.terminal.state.TerminalState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults under load: 25 terminals (the real terminal client, through a TCP proxy) sell while, one scenario at a time,
 * the TMS is killed with SIGKILL and started again, its MariaDB is restarted, the issuer answers after the
 * terminals' timeout, and TCP is cut after the request and before the answer. The TMS and its MariaDB are this
 * test's own, so restarting them does not disturb the other tests. After each scenario every terminal settles, and:
 * every sale a terminal saw approved is in the journal exactly once (and nothing else is approved); every sale it
 * reversed is undone (never charged); every batch balanced at settlement; the books check finds no difference.
 * One line per scenario goes to target/e2e/reliability.md (copied into docs/reliability.md).
 *
 * <p>Longer form: {@code -Dshanfu.faults.seconds=60 -Dshanfu.faults.terminals=25} (docs/reliability.md).
 */
@ExtendWith(E2eStack.class)
class FaultsUnderLoadIT {

    static final int TERMINALS = Integer.getInteger("shanfu.faults.terminals", 25);
    static final Duration LOAD = Duration.ofSeconds(Long.getLong("shanfu.faults.seconds", 15));
    /** Each terminal's pace: a tap, then this pause (25 terminals: about 60 sales a second in all). */
    static final long PAUSE_MS = 350;

    enum Fault {
        TMS_KILLED,
        DATABASE_RESTARTED,
        ISSUER_SLOWER_THAN_TIMEOUT,
        TCP_CUT_BEFORE_ANSWER
    }

    private PrivateMariaDb db;
    private Process tms;
    private Map<String, String> env;
    private String tmsUrl;
    private final Path jar = Path.of("../tms/server/target/tms.jar");

    private void startTms(Map<String, String> extra) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(extra);
        tms = E2eStack.startJar("faults-tms", jar, all);
        E2eStack.waitHealthy(tmsUrl + "/actuator/health", "faults-tms", List.of(tms));
    }

    private void stopTms(boolean kill) throws InterruptedException {
        if (kill) {
            tms.destroyForcibly(); // SIGKILL: no shutdown hook, no drain
        } else {
            tms.destroy(); // SIGTERM: the host drains
        }
        tms.waitFor();
    }

    @Test
    void terminals_selling_through_each_fault_lose_and_double_nothing_and_settle_balanced() throws Exception {
        db = PrivateMariaDb.start(E2eStack.WORK.resolve(
                "faults-db-" + UUID.randomUUID().toString().substring(0, 8)));
        int http = E2eStack.freePort();
        int iso = E2eStack.freePort();
        env = Map.of(
                "SHANFU_DB_URL_TMS",
                db.jdbcUrl("shanfu_tms"),
                "SHANFU_KEYCLOAK_URL",
                E2eStack.keycloak(),
                "SERVER_PORT",
                String.valueOf(http),
                "SHANFU_ISO_PORT",
                String.valueOf(iso),
                "SHANFU_DEMO",
                "true",
                "SHANFU_LMK_COMPONENTS",
                E2eStack.lmkComponents("faults-" + UUID.randomUUID()));
        tmsUrl = "https://localhost:" + http;
        // this TMS is an issuer world of its own: its cards keep their own counters, so the thousands of taps here
        // do not carry the shared cards' counters far beyond what the other tests' issuer has seen
        String sharedWallet = System.getProperty("shanfu.card-wallet");
        System.setProperty(
                "shanfu.card-wallet",
                E2eStack.WORK
                        .toAbsolutePath()
                        .resolve("faults-cards-" + UUID.randomUUID().toString().substring(0, 8))
                        .toString());
        List<String> report = new ArrayList<>();
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", iso)) {
            startTms(Map.of());
            TmsApi staff =
                    new TmsApi(tmsUrl, TmsApi.token(E2eStack.keycloak(), "staff1", WalkingSkeleton.DEMO_PASSWORD));
            String mid = staff.registerMerchant("faults-" + UUID.randomUUID(), "钱二超市");
            List<Path> homes = new ArrayList<>();
            for (int i = 0; i < TERMINALS; i++) {
                String[] shipment = staff.ship("faults-" + UUID.randomUUID(), mid);
                Path home = Files.createTempDirectory(Files.createDirectories(E2eStack.WORK), "faults-terminal-");
                FleetIT.cli(home, 0, "activate", "--tms", tmsUrl, "--serial", shipment[0], "--code", shipment[1]);
                FleetIT.cli(home, 0, "sign-on");
                TerminalState s = TerminalState.load(home);
                s.hostReachedThrough(proxy.port(), 3000); // every message goes through the proxy that can cut answers
                s.save(home);
                homes.add(home);
            }
            long reversedBefore = 0;
            long undoneBefore = 0;
            for (Fault fault : Fault.values()) {
                if (fault == Fault.ISSUER_SLOWER_THAN_TIMEOUT) {
                    stopTms(false);
                    startTms(Map.of("SHANFU_ISSUER_DELAY", "PT4S"));
                }
                TapAudit.Outcome o = TapAudit.sell(homes, LOAD, PAUSE_MS, () -> inject(fault, proxy));
                if (fault == Fault.ISSUER_SLOWER_THAN_TIMEOUT) {
                    stopTms(false);
                    startTms(Map.of());
                }
                int settled = TapAudit.settleAll(homes);
                TapAudit.Check c = TapAudit.check(homes, db.jdbcUrl("shanfu_tms"), "shanfu", "shanfu");
                String books = new TmsApi(
                                tmsUrl, TmsApi.token(E2eStack.keycloak(), "admin", WalkingSkeleton.DEMO_PASSWORD))
                        .booksCheck();
                String line = String.format(
                        "| %s | %d | %,d | %,d | %,d | %,d | %,d | %,d | %d/%d | %.1f | %s |",
                        fault,
                        TERMINALS,
                        o.attempted(),
                        o.approved(),
                        o.declined(),
                        o.failed(),
                        c.reversedByTerminals() - reversedBefore,
                        c.undoneByHost() - undoneBefore,
                        settled,
                        TERMINALS,
                        o.disruptionSeconds(),
                        books.startsWith("BOOKS BALANCE") ? "balance" : "DIFFERENCES");
                report.add(line);
                reversedBefore = c.reversedByTerminals();
                undoneBefore = c.undoneByHost();
                System.out.println(line);
                assertThat(c.missingOnHost())
                        .as(fault + ": approved on a terminal, not approved once in the journal")
                        .isEmpty();
                assertThat(c.unknownToTerminals())
                        .as(fault + ": approved in the journal, never seen approved")
                        .isEmpty();
                assertThat(c.reversedButCharged())
                        .as(fault + ": reversed by a terminal, still charged")
                        .isEmpty();
                assertThat(settled).as(fault + ": batches settled balanced").isEqualTo(TERMINALS);
                assertThat(books).as(fault + ": books check").startsWith("BOOKS BALANCE");
                if (fault != Fault.ISSUER_SLOWER_THAN_TIMEOUT) { // there, every sale times out: none may stay charged
                    assertThat(o.approved())
                            .as(fault + ": sales went on around the fault")
                            .isPositive();
                }
            }
        } finally {
            Path out = E2eStack.WORK.resolve("reliability.md");
            Files.writeString(
                    out,
                    "Faults under load, " + LocalDate.now() + " (" + TERMINALS + " terminals, "
                            + LOAD.toSeconds()
                            + " s per scenario)\n\n| scenario | terminals | sales tried | approved | declined |"
                            + " no answer / host down | reversed by terminals | undone by host | settled balanced |"
                            + " seconds without an approval | books |\n|---|---|---|---|---|---|---|---|---|---|---|\n"
                            + String.join("\n", report) + "\n");
            if (sharedWallet == null) {
                System.clearProperty("shanfu.card-wallet");
            } else {
                System.setProperty("shanfu.card-wallet", sharedWallet);
            }
            if (tms != null) {
                stopTms(true);
            }
            db.close();
        }
    }

    /** Injects the fault a third into the load and heals it (as a supervisor would restart what died). */
    private void inject(Fault fault, FaultProxy proxy) {
        try {
            Thread.sleep(LOAD.toMillis() / 3);
            switch (fault) {
                case TMS_KILLED -> {
                    stopTms(true);
                    Thread.sleep(1000);
                    startTms(Map.of());
                }
                case DATABASE_RESTARTED -> {
                    db.stopServer();
                    Thread.sleep(1000);
                    db.startServer();
                }
                case TCP_CUT_BEFORE_ANSWER -> {
                    proxy.mode(FaultProxy.Mode.DROP_ANSWERS);
                    Thread.sleep(4000);
                    proxy.mode(FaultProxy.Mode.FORWARD);
                }
                case ISSUER_SLOWER_THAN_TIMEOUT -> {
                    // the whole run: the TMS was started with an issuer that answers after 4 s, terminals wait 3 s
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(fault + " could not be injected", e);
        }
    }
}
