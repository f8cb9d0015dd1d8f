package com.shanfu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shanfu.infra.release.TerminalRelease;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * A real terminal process upgrades itself through a staged rollout started on the fleet page: the package (the
 * terminal program's own build, signed by the stack's release key) is downloaded on the management channel, checked
 * and switched to between sales; the terminal keeps its state and keys and sells afterwards. A package damaged where
 * the TMS keeps it, and one that does not start, are refused and the running version stays; too many failures pause
 * their rollout by itself; a rollback from the page brings the terminal back to the version it had.
 */
@ExtendWith(E2eStack.class)
class SoftwareUpdateIT {

    private static final Path BUILD = Path.of("../terminal-client/target");
    private final ObjectMapper json = new ObjectMapper();

    private static String process(Path home, String... args) throws Exception {
        Process p = FleetIT.terminalCommand(home, args).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS))
                .as("terminal " + String.join(" ", args))
                .isTrue();
        return "exit " + p.exitValue() + "\n" + out;
    }

    private static void upload(TmsApi admin, String version, String mainClass) throws Exception {
        upload(admin, version, TerminalRelease.build(BUILD, version, mainClass));
    }

    /**
     * A package of one small jar (the program's own jar, without its libraries): enough for one that is refused
     * before it runs, without moving 30 MB each time.
     */
    private static byte[] small(String version, String mainClass) throws Exception {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try (var z = new java.util.zip.ZipOutputStream(b)) {
            z.putNextEntry(new java.util.zip.ZipEntry("manifest.json"));
            z.write(("{\"name\":\"shanfu-terminal\",\"version\":\"" + version + "\",\"mainClass\":\"" + mainClass
                            + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new java.util.zip.ZipEntry("lib/terminal-client.jar"));
            try (var jars = java.nio.file.Files.list(BUILD)) {
                java.nio.file.Files.copy(
                        jars.filter(p -> p.getFileName().toString().matches("terminal-client-.*\\.jar"))
                                .findFirst()
                                .orElseThrow(),
                        z);
            }
        }
        return b.toByteArray();
    }

    private static void upload(TmsApi admin, String version, byte[] zip) throws Exception {
        String signature = TerminalRelease.sign(E2eStack.RELEASE_KEY.getPrivate(), zip);
        HttpResponse<String> r = admin.putBytes(
                "/api/v1/software/" + version + "?signature="
                        + java.net.URLEncoder.encode(signature, StandardCharsets.UTF_8),
                zip);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private JsonNode rolloutOf(TmsApi admin, String version) throws Exception {
        for (JsonNode r : json.readTree(admin.get("/api/v1/software-rollouts").body())) {
            if (r.get("version").asText().equals(version)) {
                return r;
            }
        }
        throw new AssertionError("no rollout of " + version);
    }

    private String rollOut(TmsApi admin, String version, String serial, int maxFailure) throws Exception {
        HttpResponse<String> r = admin.postJson(
                "/api/v1/software/" + version + "/rollouts",
                "{\"scope\":\"TERMINAL\",\"key\":\"" + serial + "\",\"percent\":100,\"maxFailurePercent\":" + maxFailure
                        + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body()).get("batchRef").asText();
    }

    private String runningVersion(TmsApi admin, Path home, String serial) throws Exception {
        assertThat(process(home, "heartbeat")).contains("exit 0");
        return json.readTree(admin.get("/api/v1/devices/" + serial).body())
                .get("softwareVersion")
                .asText();
    }

    @Test
    void a_terminal_upgrades_itself_keeps_its_keys_and_sells_and_a_damaged_or_broken_package_is_refused()
            throws Exception {
        Path home = TerminalIT.terminal(Journeys.bank(), E2eStack.WORK, "软件升级商店");
        FleetIT.cli(home, 0, "sign-on");
        String serial = json.readTree(FleetIT.cli(home, 0, "--json", "status")
                        .lines()
                        .findFirst()
                        .orElseThrow())
                .get("serial")
                .asText();
        TmsApi admin = FleetIT.admin();
        assertThat(runningVersion(admin, home, serial)).isEqualTo("0.1.0");

        // the operator's package, signed by the release key; a package signed by another key is refused
        String next = "0.2.0-" + serial.substring(serial.length() - 4).toLowerCase();
        byte[] foreign = TerminalRelease.build(BUILD, next, "com.shanfu.terminal.cli.TerminalCli");
        HttpResponse<String> unsigned = admin.putBytes(
                "/api/v1/software/" + next + "?signature="
                        + java.net.URLEncoder.encode(
                                TerminalRelease.sign(TerminalRelease.newKey().getPrivate(), foreign),
                                StandardCharsets.UTF_8),
                foreign);
        assertThat(unsigned.statusCode()).isEqualTo(400);
        assertThat(unsigned.body()).contains("bad-signature");
        upload(admin, next, "com.shanfu.terminal.cli.TerminalCli");

        // a staged rollout from the fleet page: this terminal's group, all of it
        Journeys.inBrowser("software-rollout", b -> {
            Journeys.signIn(b, "/admin/fleet", "admin");
            b.choose("software-version", next);
            b.choose("software-scope", "TERMINAL");
            b.type("software-key", serial);
            b.type("software-percent", "100");
            b.type("software-max-failure", "0");
            b.click(By.id("software-rollout"));
            b.waitForText(By.id("fleet-message"), next + " 已按批次");
            b.waitForText(By.id("software-rollouts"), "待送达 1");
        });

        java.nio.file.Files.writeString(home.resolve("transaction.lock"), "a sale in progress");
        assertThat(process(home, "agent", "--once", "--wait", "1"))
                .as("never during a sale: held, and carried out at the next idle moment")
                .contains("SOFTWARE: DEFERRED");
        assertThat(runningVersion(admin, home, serial)).isEqualTo("0.1.0");
        java.nio.file.Files.delete(home.resolve("transaction.lock"));
        String upgraded = process(home, "agent", "--once", "--wait", "1");
        assertThat(upgraded).contains("SOFTWARE: APPLIED").contains("now running " + next + " (was 0.1.0)");
        assertThat(runningVersion(admin, home, serial))
                .as("reported by the new program")
                .isEqualTo(next);
        String sale = process(home, "--json", "tap", "--amount", "23.45");
        assertThat(sale)
                .as("the same keys and state, under the new version")
                .contains("exit 0")
                .contains("\"responseCode\":\"00\"");
        assertThat(rolloutOf(admin, next).get("progress").get("APPLIED").asInt())
                .isEqualTo(1);

        // damaged where the TMS keeps it: the terminal finds the SHA-256 wrong and stays where it is
        String damaged = next.replace("0.2.0", "0.3.0");
        upload(admin, damaged, small(damaged, "com.shanfu.terminal.cli.TerminalCli"));
        String url = "jdbc:mysql://" + E2eStack.env("SHANFU_TEST_DB_HOST") + ":" + E2eStack.env("SHANFU_TEST_DB_PORT")
                + "/" + E2eStack.tmsDb + "?useSSL=false&allowPublicKeyRetrieval=true";
        try (Connection c = DriverManager.getConnection(url, "shanfu", "shanfu");
                var st = c.prepareStatement("UPDATE software_package_chunk SET data = CONCAT('X', SUBSTRING(data, 2))"
                        + " WHERE seq = 0 AND package_id = (SELECT id FROM software_package WHERE version = ?)")) {
            st.setString(1, damaged);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        rollOut(admin, damaged, serial, 50);
        assertThat(process(home, "agent", "--once", "--wait", "1"))
                .contains("SOFTWARE: FAILED")
                .contains("SHA-256")
                .contains("refused");
        assertThat(runningVersion(admin, home, serial)).isEqualTo(next);

        // a package that does not start: rolled back at once, and its rollout pauses by itself (0% tolerated)
        String broken = next.replace("0.2.0", "0.4.0");
        upload(admin, broken, small(broken, "com.shanfu.terminal.cli.NoSuchMain"));
        rollOut(admin, broken, serial, 0);
        assertThat(process(home, "agent", "--once", "--wait", "1"))
                .contains("SOFTWARE: FAILED")
                .contains("did not start, staying on " + next);
        assertThat(runningVersion(admin, home, serial)).isEqualTo(next);
        JsonNode paused = rolloutOf(admin, broken);
        assertThat(paused.get("status").asText()).isEqualTo("PAUSED");
        assertThat(paused.get("statusReason").asText()).contains("paused by itself");

        // rolled back from the page: the terminal goes back to the version it had before
        String batch = rolloutOf(admin, next).get("batchRef").asText();
        Journeys.inBrowser("software-rollback", b -> {
            Journeys.signIn(b, "/admin/fleet", "admin");
            b.click(By.id("rollout-rollback-" + batch));
            b.waitForText(By.id("fleet-message"), "已回滚");
        });
        assertThat(process(home, "agent", "--once", "--wait", "1"))
                .contains("SOFTWARE: APPLIED")
                .contains("back to the factory build 0.1.0");
        assertThat(runningVersion(admin, home, serial)).isEqualTo("0.1.0");
        assertThat(process(home, "settle")).contains("exit 0").contains("balanced");
    }
}
