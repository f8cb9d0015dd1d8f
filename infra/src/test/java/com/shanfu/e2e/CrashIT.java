package com.shanfu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.terminal.state.TerminalState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The host is killed with SIGKILL in the middle of a stream of purchases (a TMS of its own, on its own database, so
 * the other end-to-end tests keep theirs). After a restart on the same database and key file, every purchase the
 * terminal saw approved is in the journal exactly once, the terminal's reversals clean up what it never saw
 * answered, and the batch settles balanced.
 */
@ExtendWith(E2eStack.class)
class CrashIT {

    @Test
    void a_host_killed_mid_stream_loses_and_doubles_nothing() throws Exception {
        String db = "crash_" + UUID.randomUUID().toString().substring(0, 8);
        String dbHost = E2eStack.env("SHANFU_TEST_DB_HOST") + ":" + E2eStack.env("SHANFU_TEST_DB_PORT");
        int http = E2eStack.freePort();
        int iso = E2eStack.freePort();
        Map<String, String> env = Map.of(
                "SHANFU_DB_URL_TMS",
                "jdbc:mysql://" + dbHost + "/" + db
                        + "?createDatabaseIfNotExist=true&useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=utf8",
                "SHANFU_KEYCLOAK_URL",
                E2eStack.keycloak(),
                "SERVER_PORT",
                String.valueOf(http),
                "SHANFU_ISO_PORT",
                String.valueOf(iso),
                "SHANFU_DEMO",
                "true",
                "SHANFU_LMK_COMPONENTS",
                E2eStack.lmkComponents(db));
        String tmsUrl = "https://localhost:" + http;
        Path jar = Path.of("../tms/server/target/tms.jar");
        Process tms = E2eStack.startJar("crash-tms", jar, env);
        try {
            E2eStack.waitHealthy(tmsUrl + "/actuator/health", "crash-tms", List.of(tms));
            TmsApi staff =
                    new TmsApi(tmsUrl, TmsApi.token(E2eStack.keycloak(), "staff1", WalkingSkeleton.DEMO_PASSWORD));
            String mid = staff.registerMerchant("crash-" + UUID.randomUUID(), "孙七面馆");
            String[] shipment = staff.ship("crash-" + UUID.randomUUID(), mid);
            Path home = Files.createTempDirectory(Files.createDirectories(E2eStack.WORK), "crash-terminal-");
            FleetIT.cli(home, 0, "activate", "--tms", tmsUrl, "--serial", shipment[0], "--code", shipment[1]);
            FleetIT.cli(home, 0, "sign-on");
            var state = TerminalState.load(home);
            state.hostReachedThrough(state.hostPort(), 3000);
            state.save(home);

            // a stream of sales; the host dies under the 8th
            List<Integer> exits = new ArrayList<>();
            Thread killer = Thread.ofVirtual().unstarted(() -> {});
            for (int i = 1; i <= 20; i++) {
                if (i == 8) {
                    Process victim = tms;
                    killer = Thread.ofVirtual().start(() -> {
                        try {
                            Thread.sleep(30);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        victim.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful close
                    });
                }
                exits.add(run(home, "tap", "--amount", i + ".00"));
                if (i == 12) {
                    killer.join();
                    tms.waitFor();
                    tms = E2eStack.startJar("crash-tms", jar, env); // same database, same key file
                    E2eStack.waitHealthy(tmsUrl + "/actuator/health", "crash-tms", List.of(tms));
                }
            }
            System.out.println("exit codes of the 20 sales (0 approved, 1 declined or host unavailable): " + exits);
            assertThat(exits.subList(0, 7))
                    .as("sales before the crash were approved")
                    .containsOnly(0);
            assertThat(exits.subList(12, 20))
                    .as("sales after the restart were approved")
                    .containsOnly(0);
            assertThat(exits.subList(8, 11))
                    .as("while the host was down the terminal declined")
                    .contains(1);
            FleetIT.cli(home, 0, "settle"); // flushes any pending reversal first, then must balance
            TerminalState after = TerminalState.load(home);
            assertThat(after.pendingReversal()).isNull();

            // the journal: every sale the terminal saw approved is there exactly once and approved
            String journal = new TmsApi(
                            tmsUrl, TmsApi.token(E2eStack.keycloak(), "staff1", WalkingSkeleton.DEMO_PASSWORD))
                    .get("/api/v1/merchants/" + mid + "/transactions?size=500")
                    .body();
            List<String> hostApproved = new ArrayList<>();
            Matcher m = Pattern.compile("\"kind\":\"PURCHASE\"[^}]*?\"status\":\"([A-Z]+)\"[^}]*?\"stan\":(\\d+)")
                    .matcher(journal);
            while (m.find()) {
                if ("APPROVED".equals(m.group(1))) {
                    hostApproved.add(m.group(2));
                }
            }
            List<String> terminalApproved = after.transactions().stream()
                    .filter(t -> t.kind() == com.shanfu.tms.contract.TxnKind.PURCHASE && t.approved())
                    .map(t -> String.valueOf(t.stan()))
                    .toList();
            assertThat(hostApproved)
                    .as("host journal vs. what the terminal saw approved (exactly once each)")
                    .containsExactlyInAnyOrderElementsOf(terminalApproved);
            assertThat(after.settledBatches()).isNotEmpty();
            assertThat(after.settledBatches().getLast().balanced())
                    .as("the batch settles balanced after the crash")
                    .isTrue();
        } finally {
            tms.destroyForcibly();
            tms.waitFor();
        }
    }

    private static int run(Path home, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        return com.shanfu.terminal.cli.TerminalCli.run(
                all.toArray(String[]::new), new java.io.PrintWriter(out), new java.io.PrintWriter(out));
    }
}
