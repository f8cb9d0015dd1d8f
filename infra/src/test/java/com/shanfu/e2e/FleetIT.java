package com.shanfu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.terminal.state.TerminalState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fleet side of the TMS with the real terminal client over real HTTP and TCP: a published configuration reaches
 * an online terminal (its agent long-polls) within 5 seconds and changes what the kernel does; an offline terminal
 * gets it at its next contact; a suspended terminal is refused on the management and the financial channel.
 */
@ExtendWith(E2eStack.class)
class FleetIT {

    /** Template settings: the defaults with a higher CVM limit (no PIN up to 2000.00) and a new receipt footer. */
    static final String SETTINGS =
            "{\"currency\":\"156\",\"country\":\"156\",\"contactlessTransactionLimitFen\":500000,"
                    + "\"contactlessFloorLimitFen\":0,\"cvmRequiredLimitFen\":%d,\"aids\":[\"A000000333010101\","
                    + "\"A000000333010102\",\"A000000333010103\",\"A0000000031010\",\"A0000000041010\"],"
                    + "\"terminalCapabilities\":\"E0F8C8\",\"terminalType\":\"22\",\"autoSettlementTime\":\"23:30\","
                    + "\"receiptFooter\":\"%s\",\"hostTimeoutMillis\":30000,\"hostRetries\":1}";

    static TmsApi admin() throws Exception {
        return new TmsApi(E2eStack.tms(), TmsApi.token(E2eStack.keycloak(), "admin", WalkingSkeleton.DEMO_PASSWORD));
    }

    /** A shipped, activated and signed-on terminal in its own home folder; returns home, serial and the used code. */
    private static String[] terminal(TmsApi staff) throws Exception {
        String mid = staff.registerMerchant("fleet-" + UUID.randomUUID(), "赵六杂货店");
        String[] shipment = staff.ship("fleet-" + UUID.randomUUID(), mid);
        Path home = Files.createTempDirectory(Files.createDirectories(E2eStack.WORK), "fleet-terminal-");
        cli(home, 0, "activate", "--tms", E2eStack.tms(), "--serial", shipment[0], "--code", shipment[1]);
        cli(home, 0, "sign-on");
        return new String[] {home.toString(), shipment[0], shipment[1]};
    }

    @Test
    void a_published_configuration_reaches_an_online_terminal_within_5_seconds_and_changes_its_cvm_limit()
            throws Exception {
        TmsApi staff = Journeys.bank();
        String[] t = terminal(staff);
        Path home = Path.of(t[0]);
        assertThat(cli(home, 0, "tap", "--amount", "1500.00", "--pin-file", pinFile("123456")))
                .contains("PIN");

        TmsApi admin = admin();
        CompletableFuture<String> agent =
                CompletableFuture.supplyAsync(() -> cli(home, 0, "agent", "--duration", "12", "--wait", "25"));
        Thread.sleep(2000); // the agent has sent its heartbeat and is waiting in its long poll
        long start = System.nanoTime();
        String batch = admin.publishConfig(
                String.format(SETTINGS, 200000, "fleet test " + UUID.randomUUID()), "CVM limit 2000");
        long applied = 0;
        while (applied == 0 && System.nanoTime() - start < 10_000_000_000L) {
            applied = admin.rolloutCount(batch, "APPLIED");
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("configuration applied by the online terminal %.2f s after publishing%n", seconds);
        assertThat(applied).as("applied within 10 s").isGreaterThanOrEqualTo(1);
        assertThat(seconds)
                .as("an online terminal applies a new configuration within 5 s")
                .isLessThan(5.0);
        TerminalState state = TerminalState.load(home);
        assertThat(state.config()).containsEntry("cvmRequiredLimitFen", 200000).containsEntry("merchantName", "赵六杂货店");
        assertThat(state.configVersion()).isGreaterThan(1);

        // the kernel now takes 1500.00 without a PIN: the configuration is really in force
        String sale = cli(home, 0, "tap", "--amount", "1500.00");
        assertThat(sale).contains("APPROVED").doesNotContain("PIN verified");
        assertThat(agent.get()).contains("CONFIG: APPLIED");
    }

    @Test
    void an_offline_terminal_gets_the_configuration_at_its_next_contact() throws Exception {
        TmsApi staff = Journeys.bank();
        String[] t = terminal(staff);
        Path home = Path.of(t[0]);
        String batch =
                admin().publishConfig(String.format(SETTINGS, 100000, "offline " + UUID.randomUUID()), "footer change");
        Thread.sleep(1500);
        assertThat(admin().rolloutCount(batch, "APPLIED")).isZero();
        assertThat(admin().rolloutCount(batch, "PENDING")).isGreaterThanOrEqualTo(1);
        String out = cli(home, 0, "agent", "--once", "--wait", "1");
        assertThat(out).contains("CONFIG: APPLIED");
        HttpTasks tasks =
                new HttpTasks(admin().get("/api/v1/devices/" + t[1] + "/tasks").body());
        assertThat(tasks.body()).contains("\"status\":\"APPLIED\"").contains(batch);
        assertThat(TerminalState.load(home).config().get("receiptFooter").toString())
                .startsWith("offline ");
    }

    @Test
    void a_used_activation_code_cannot_activate_again_and_software_goes_out_only_as_a_signed_package()
            throws Exception {
        TmsApi staff = Journeys.bank();
        String[] t = terminal(staff);
        Path home = Path.of(t[0]);
        TerminalState state = TerminalState.load(home);
        assertThat(com.shanfu.protocol.crypto.Tdes.kcv(java.util.HexFormat.of().parseHex(state.tmk()), 4))
                .as("the TMK the terminal unwrapped has the KCV the TMS reported")
                .isEqualTo(java.util.HexFormat.of().parseHex(state.tmkKcv()));
        assertThat(state.releaseKeys())
                .as("the release key was pinned at activation, signed with the rest of the answer")
                .isEqualTo(com.shanfu.infra.release.TerminalRelease.publicKeyBase64(E2eStack.RELEASE_KEY));
        // a bare version number for a group is no package: software goes out as a staged rollout (SoftwareUpdateIT)
        assertThat(admin().pushToGroupStatus(t[1], "SOFTWARE"))
                .startsWith("400")
                .contains("use-software-rollouts");

        // the one-time code was used by the activation above: a second device cannot take this serial with it
        Path other = Files.createTempDirectory(Files.createDirectories(E2eStack.WORK), "replay-");
        String refused = cli(other, 1, "activate", "--tms", E2eStack.tms(), "--serial", t[1], "--code", t[2]);
        assertThat(refused).contains("not-activatable");
    }

    @Test
    void a_swapped_device_is_retired_with_its_keys_and_the_replacement_activates_for_the_same_merchant()
            throws Exception {
        TmsApi staff = Journeys.bank();
        String[] t = terminal(staff);
        Path home = Path.of(t[0]);
        String mid = TerminalState.load(home).mid();
        String[] replacement = admin().replace(t[1], "screen broken");
        assertThat(replacement[0]).isNotEqualTo(t[1]);
        assertThat(replacement[2]).isEqualTo(mid);

        assertThat(cli(home, 1, "heartbeat")).contains("unknown device credential");
        assertThat(cli(home, 1, "tap", "--amount", "10.00")).contains("DECLINED");

        Path swapped = Files.createTempDirectory(Files.createDirectories(E2eStack.WORK), "swapped-");
        cli(swapped, 0, "activate", "--tms", E2eStack.tms(), "--serial", replacement[0], "--code", replacement[1]);
        cli(swapped, 0, "sign-on");
        assertThat(TerminalState.load(swapped).mid()).isEqualTo(mid);
        assertThat(cli(swapped, 0, "tap", "--amount", "10.00")).contains("APPROVED");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> admin().replace(t[1], "again"))
                .as("a retired device cannot be swapped again")
                .hasMessageContaining("409");
    }

    @Test
    void a_suspended_terminal_is_refused_on_both_channels_until_resumed() throws Exception {
        TmsApi staff = Journeys.bank();
        String[] t = terminal(staff);
        Path home = Path.of(t[0]);
        assertThat(staff.lifecycle(t[1], "suspend", "lost by the merchant"))
                .as("staff may not suspend")
                .isEqualTo(403);
        assertThat(admin().lifecycle(t[1], "suspend", ""))
                .as("a reason is required")
                .isEqualTo(400);
        assertThat(admin().lifecycle(t[1], "suspend", "lost by the merchant")).isEqualTo(200);

        assertThat(cli(home, 1, "heartbeat")).contains("SUSPENDED");
        assertThat(cli(home, 1, "agent", "--once", "--wait", "1")).contains("terminal-suspended");
        assertThat(cli(home, 1, "tap", "--amount", "10.00")).contains("DECLINED");

        assertThat(admin().lifecycle(t[1], "resume", "found again")).isEqualTo(200);
        assertThat(cli(home, 0, "heartbeat")).contains("ACTIVE");
        assertThat(cli(home, 0, "tap", "--amount", "10.00")).contains("APPROVED");
    }

    @Test
    void an_admin_publishes_a_configuration_and_suspends_a_terminal_in_the_portal() throws Exception {
        TmsApi staff = Journeys.bank();
        String[] t = terminal(staff);
        Path home = Path.of(t[0]);
        Journeys.inBrowser("fleet-ui", b -> {
            Journeys.signIn(b, "/admin/fleet", "admin");
            b.type("config-settings", "{\"currency\": ");
            b.type("config-note", "broken on purpose");
            b.click(org.openqa.selenium.By.id("config-publish"));
            b.waitForText(org.openqa.selenium.By.id("fleet-message"), "终端管理系统拒绝：not valid JSON");

            b.open(E2eStack.PORTAL + "/admin/fleet"); // the template in force again
            b.waitForText(org.openqa.selenium.By.id("config-settings"), "");
            b.type("config-note", "republish from the portal");
            b.click(org.openqa.selenium.By.id("config-publish"));
            b.waitForText(org.openqa.selenium.By.id("fleet-message"), "已发布，推送到");
            b.waitForText(org.openqa.selenium.By.id("rollout-text"), "待送达");

            b.choose("override-scope", "TERMINAL");
            b.type("override-key", t[1]);
            b.type("override-settings", "{\"receiptFooter\": \"本店专属\", \"shoeSize\": 3}");
            b.click(org.openqa.selenium.By.id("override-save"));
            b.waitForText(org.openqa.selenium.By.id("fleet-message"), "unknown setting shoeSize");
            b.type("override-settings", "{\"receiptFooter\": \"本店专属\"}");
            b.click(org.openqa.selenium.By.id("override-save"));
            b.waitForText(org.openqa.selenium.By.id("fleet-message"), "覆盖已保存，推送到 1 台终端");

            b.type("device-serial", t[1]);
            b.click(org.openqa.selenium.By.id("device-suspend")); // no reason: refused by the TMS
            b.waitForText(org.openqa.selenium.By.id("fleet-message"), "终端管理系统拒绝：say why");
            b.type("device-reason", "商户报失");
            b.click(org.openqa.selenium.By.id("device-suspend"));
            b.waitForText(org.openqa.selenium.By.id("fleet-message"), "终端 " + t[1] + " 现在是 SUSPENDED");
            b.open(E2eStack.PORTAL + "/admin/audit");
            b.waitForText(org.openqa.selenium.By.id("audit"), "DEVICE_SUSPEND");
        });
        assertThat(cli(home, 1, "heartbeat")).contains("SUSPENDED");
        assertThat(admin().get("/api/v1/devices/" + t[1] + "/tasks").body()).contains("\"kind\":\"CONFIG\"");
    }

    @Test
    void a_heartbeat_says_how_the_terminal_reaches_the_tms_and_the_fleet_page_filters_by_it() throws Exception {
        TmsApi staff = Journeys.bank();
        String[] cellular = terminal(staff);
        String[] wifi = terminal(staff);
        // the terminal program as its own process, told its link as a modem the kernel does not show would be
        assertThat(terminalProcess(Path.of(cellular[0]), "CELLULAR:-97", "heartbeat"))
                .contains("ACTIVE");
        assertThat(terminalProcess(Path.of(wifi[0]), "WIFI:-58", "heartbeat")).contains("ACTIVE");
        assertThat(terminalProcess(Path.of(wifi[0]), "5G:-80", "heartbeat"))
                .contains("the link must be one of [WIFI, CELLULAR, ETHERNET]");

        String onCellular = admin().get("/api/v1/devices?status=ACTIVE&connectivity=CELLULAR&size=500")
                .body();
        assertThat(onCellular).contains(cellular[1]).doesNotContain(wifi[1]).contains("\"signalDbm\":-97");
        assertThat(admin().get("/api/v1/devices?connectivity=5G").statusCode()).isEqualTo(400);

        Journeys.inBrowser("fleet-network", b -> {
            Journeys.signIn(b, "/admin/fleet", "admin");
            b.choose("fleet-network", "蜂窝（4G）");
            String shown = gridWith(b, cellular[1], wifi[1]);
            assertThat(shown).contains("蜂窝（4G） · -97 dBm");
            b.choose("fleet-network", "Wi-Fi");
            shown = gridWith(b, wifi[1], cellular[1]);
            assertThat(shown).contains("Wi-Fi · -58 dBm");
        });
    }

    /**
     * Remote diagnostics: an admin asks one terminal for its log on the fleet page; the terminal program (its own
     * process) uploads it at its next contact, redacted; the admin reads and downloads it there. A card number and a
     * key that a careless line put in the log, and track data written past the redactor, never leave the terminal.
     */
    @Test
    void an_admin_asks_a_terminal_for_its_log_and_reads_it_redacted_on_the_fleet_page() throws Exception {
        String[] t = terminal(Journeys.bank());
        Path home = Path.of(t[0]);
        cli(home, 0, "tap", "--amount", "12.34");
        new com.shanfu.terminal.host.TerminalLog(home, java.time.Clock.systemUTC())
                .warn("debug dump pan=6228480402564890018 tmk=0123456789ABCDEFFEDCBA9876543210");
        Files.writeString( // as a version that did not redact would have left it: the upload redacts again
                home.resolve("terminal.log"),
                "2026-12-01T00:00:00Z INFO old line track2=6228480402564890018=30122010000\n",
                java.nio.file.StandardOpenOption.APPEND);
        try {
            assertThat(cli(home, 0, "log"))
                    .doesNotContain("6228480402564890018")
                    .contains("[track2]");
            askReadAndDownload(t, home);
        } finally { // the raw line must not outlive the test: the card data scan reads every file the suite leaves
            Files.deleteIfExists(home.resolve("terminal.log"));
        }
    }

    private static void askReadAndDownload(String[] t, Path home) throws Exception {

        TmsApi admin = admin();
        assertThat(admin.pushToGroupStatus(t[1], "LOG_UPLOAD"))
                .as("a log is asked of one terminal, never of a group")
                .contains("log-one-terminal");
        Journeys.inBrowser("fleet-log", b -> {
            Journeys.signIn(b, "/admin/fleet", "admin");
            b.type("device-serial", t[1]);
            b.click(org.openqa.selenium.By.id("device-ask-log"));
            b.waitForText(org.openqa.selenium.By.id("fleet-message"), "已请终端 " + t[1] + " 上传日志");

            assertThat(terminalProcess(home, "WIFI:-50", "agent", "--once", "--wait", "1"))
                    .contains("LOG_UPLOAD: APPLIED");
            String logs = admin.get("/api/v1/devices/" + t[1] + "/logs").body();
            assertThat(logs).as("nothing was left for the TMS to hide").contains("\"redacted\":0");
            String id = logs.replaceFirst("(?s)^\\[\\{\"id\":(\\d+),.*", "$1");

            b.click(org.openqa.selenium.By.id("device-details"));
            b.click(org.openqa.selenium.By.id("device-log-show-" + id));
            String shown = b.waitForText(org.openqa.selenium.By.id("device-log-text"), "sale of 12.34: approved");
            String downloaded = new String(
                    b.download(org.openqa.selenium.By.id("device-log-download-" + id), E2eStack.PORTAL),
                    java.nio.charset.StandardCharsets.UTF_8);
            for (String text : List.of(shown, downloaded)) {
                assertThat(text)
                        .contains("sign-on: signed on")
                        .contains("card=622848*********0018")
                        .contains("pan=622848*********0018 tmk=[hex:32]")
                        .contains("track2=[track2]")
                        .contains("log upload asked by task")
                        .doesNotContain("6228480402564890018")
                        .doesNotContain("0123456789ABCDEF");
            }
            b.open(E2eStack.PORTAL + "/admin/audit");
            b.waitForText(org.openqa.selenium.By.id("audit"), "LOG_REQUESTED");
        });
    }

    /** The fleet grid's text once it shows one serial and not the other (the filter applied), waiting up to 15 s. */
    private static String gridWith(Browser b, String shown, String hidden) throws InterruptedException {
        String text = "";
        for (int i = 0; i < 50; i++) {
            text = b.text("fleet");
            if (text.contains(shown) && !text.contains(hidden)) {
                return text;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the fleet grid did not show " + shown + " without " + hidden + ":\n" + text);
    }

    /** The terminal program (terminal-client/bin/terminal) as a process with SHANFU_TERMINAL_NETWORK set. */
    private static String terminalProcess(Path home, String network, String... args) throws Exception {
        ProcessBuilder pb = terminalCommand(home, args);
        pb.environment().put("SHANFU_TERMINAL_NETWORK", network);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return out;
    }

    /** The terminal program as its own process ({@code bin/terminal}), trusting the stack's private CA. */
    static ProcessBuilder terminalCommand(Path home, String... args) {
        List<String> command = new ArrayList<>(List.of("../terminal-client/bin/terminal", "--home", home.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        String trustStore = System.getProperty("javax.net.ssl.trustStore");
        if (trustStore != null && !trustStore.isBlank()) { // the stack's private CA, as the test's own JVM has it
            pb.environment()
                    .put(
                            "JAVA_TOOL_OPTIONS",
                            "-Djavax.net.ssl.trustStore=" + trustStore + " -Djavax.net.ssl.trustStoreType=PKCS12"
                                    + " -Djavax.net.ssl.trustStorePassword="
                                    + System.getProperty("javax.net.ssl.trustStorePassword"));
        }
        return pb;
    }

    record HttpTasks(String body) {}

    /** Runs the terminal CLI; returns stdout + stderr and checks the exit code. */
    /** A PIN for a scripted tap, in a file only its owner reads (never an argument: arguments show in ps). */
    static String pinFile(String pin) {
        try {
            Path f = java.nio.file.Files.createTempFile(
                    E2eStack.WORK.toAbsolutePath(),
                    "pin-",
                    ".txt",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            java.nio.file.Files.writeString(f, pin + "\n");
            f.toFile().deleteOnExit();
            return f.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String cli(Path home, int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        int rc = com.shanfu.terminal.cli.TerminalCli.run(
                all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        String text = out + "\n" + err;
        assertThat(rc).as(String.join(" ", args) + ": " + text).isEqualTo(expectedExit);
        return text;
    }
}
