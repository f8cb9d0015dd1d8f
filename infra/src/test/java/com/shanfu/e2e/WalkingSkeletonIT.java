package com.shanfu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton end to end: the real tms and portal jars as processes on MariaDB and Keycloak
 * ({@link E2eStack}), a real headless Chromium for the applicant, staff and merchant, and the real terminal
 * client over TCP.
 */
@org.junit.jupiter.api.extension.ExtendWith(E2eStack.class)
class WalkingSkeletonIT {

    static final int PORTAL_PORT = E2eStack.PORTAL_PORT;
    static final Path WORK = E2eStack.WORK;

    @Test
    void applicant_staff_terminal_and_merchant_complete_the_skeleton() throws Exception {
        PrintStream log = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        WalkingSkeleton.Outcome o =
                new WalkingSkeleton(E2eStack.PORTAL, E2eStack.tms(), E2eStack.keycloak(), WORK, log).run();
        assertThat(o.serial()).startsWith("SF");
        assertThat(o.activationCode()).matches("\\d{8}");
        assertThat(o.mid()).matches("\\d{15}");
        assertThat(o.txnTotal()).contains("1,512.50");

        // nothing secret in the services' logs: the card number tapped, the PIN, the activation code
        for (String service : new String[] {"tms", "portal"}) {
            String text = Files.readString(WORK.resolve(service + ".log"), StandardCharsets.UTF_8);
            assertThat(text)
                    .as(service + ".log")
                    .doesNotContain("6228480402564890018")
                    .doesNotContain(o.activationCode());
        }
    }

    @Test
    void portal_speaks_chinese_by_default_and_switches_to_english() throws Exception {
        try (Browser b = new Browser(WORK)) {
            b.open("https://localhost:" + PORTAL_PORT + "/");
            b.waitForText(org.openqa.selenium.By.id("start-application"), "立即申请");
            b.click(org.openqa.selenium.By.id("lang-switch"));
            b.waitForText(org.openqa.selenium.By.id("start-application"), "Apply now");
        }
    }

    @Test
    void the_review_queue_needs_a_sign_in_and_the_staff_role() throws Exception {
        try (Browser b = new Browser(WORK)) {
            b.open("https://localhost:" + PORTAL_PORT + "/staff/applications");
            b.keycloakLogin("applicant1", WalkingSkeleton.DEMO_PASSWORD);
            b.waitForText(org.openqa.selenium.By.id("not-found"), "/staff/applications");
            assertThat(b.present(org.openqa.selenium.By.id("review-grid")))
                    .as("an applicant sees no review queue")
                    .isFalse();
            assertThat(b.present(org.openqa.selenium.By.id("nav-review"))).isFalse();
        }
    }

    @Test
    void a_sale_without_an_answer_is_reversed_before_anything_else_and_settles_to_zero() throws Exception {
        String keycloak = env("SHANFU_TEST_KEYCLOAK_URL");
        String staffToken = TmsApi.token(keycloak, "staff1", WalkingSkeleton.DEMO_PASSWORD);
        TmsApi tms = new TmsApi("https://localhost:" + E2eStack.tmsPort, staffToken);
        String mid = tms.registerMerchant("reversal-" + UUID.randomUUID(), "李四水果店");
        String[] shipment = tms.ship("reversal-" + UUID.randomUUID(), mid);
        Path home = Files.createTempDirectory(Files.createDirectories(WORK), "reversal-terminal-");
        cli(
                home,
                0,
                "activate",
                "--tms",
                "https://localhost:" + E2eStack.tmsPort,
                "--serial",
                shipment[0],
                "--code",
                shipment[1]);
        cli(home, 0, "sign-on");
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", E2eStack.isoPort)) {
            var state = com.shanfu.terminal.state.TerminalState.load(home);
            state.hostReachedThrough(proxy.port(), 2000);
            state.save(home);

            // 1. the answer is lost, the host is still there: the terminal reverses at once
            proxy.mode(FaultProxy.Mode.DROP_ANSWERS);
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                proxy.mode(FaultProxy.Mode.FORWARD);
            });
            String out = cli(home, 1, "tap", "--amount", "30.00");
            assertThat(out).contains("reversed, nothing was charged");
            state = com.shanfu.terminal.state.TerminalState.load(home);
            assertThat(state.pendingReversal()).isNull();
            assertThat(state.transactions())
                    .singleElement()
                    .satisfies(t -> assertThat(t.reversed()).isTrue());

            // 2. no answers at all: the reversal stays pending and goes out before the next transaction
            proxy.mode(FaultProxy.Mode.DROP_ANSWERS);
            assertThat(cli(home, 1, "tap", "--amount", "45.00"))
                    .contains("will be reversed as soon as the host answers");
            assertThat(com.shanfu.terminal.state.TerminalState.load(home).pendingReversal())
                    .isNotNull();
            assertThat(cli(home, 0, "status")).contains("reversal pending");
            proxy.mode(FaultProxy.Mode.FORWARD);
            String settled = cli(home, 0, "settle");
            assertThat(settled).contains("0 sale(s)").contains("balanced");
            assertThat(com.shanfu.terminal.state.TerminalState.load(home).pendingReversal())
                    .isNull();
        }
    }

    @Test
    void the_terminal_voids_and_refunds_within_limits_and_settles_balanced() throws Exception {
        TmsApi tms = new TmsApi(
                "https://localhost:" + E2eStack.tmsPort,
                TmsApi.token(env("SHANFU_TEST_KEYCLOAK_URL"), "staff1", WalkingSkeleton.DEMO_PASSWORD));
        String mid = tms.registerMerchant("cancel-" + UUID.randomUUID(), "王五小吃");
        String[] shipment = tms.ship("cancel-" + UUID.randomUUID(), mid);
        Path home = Files.createTempDirectory(Files.createDirectories(WORK), "cancel-terminal-");
        cli(
                home,
                0,
                "activate",
                "--tms",
                "https://localhost:" + E2eStack.tmsPort,
                "--serial",
                shipment[0],
                "--code",
                shipment[1]);
        cli(home, 0, "sign-on");
        String first = trace(cli(home, 0, "--json", "tap", "--amount", "20.00"));
        String second = trace(cli(home, 0, "--json", "tap", "--amount", "8.00"));

        assertThat(cli(home, 0, "echo")).contains("host answered the echo test");
        assertThat(cli(home, 0, "receipt", "--trace", first))
                .contains("REPRINT")
                .contains("622848*********0018")
                .contains("CNY 20.00");
        assertThat(cli(home, 0, "refund", "--trace", first, "--amount", "5.00"))
                .contains("REFUND")
                .contains("APPROVED");
        assertThat(cli(home, 1, "refund", "--trace", first, "--amount", "15.01"))
                .contains("at most CNY 15.00");
        assertThat(cli(home, 1, "void", "--trace", first)).contains("has refunds");
        assertThat(cli(home, 0, "void", "--trace", second)).contains("VOID").contains("APPROVED");
        assertThat(cli(home, 1, "void", "--trace", second)).contains("not an approved sale");
        assertThat(cli(home, 0, "receipt", "--trace", second, "--customer"))
                .contains("CUSTOMER COPY")
                .contains("VOIDED");
        assertThat(cli(home, 1, "refund", "--trace", "999", "--amount", "1")).contains("no sale with trace 000999");
        assertThat(cli(home, 2, "refund", "--trace", first)).contains("--amount");

        String settled = cli(home, 0, "--json", "settle");
        assertThat(settled)
                .contains("\"balanced\":true")
                .contains("\"debitTotal\":\"20.00\"")
                .contains("\"creditTotal\":\"5.00\"");

        // the terminal loses a sale from its records: the batch does not balance, is uploaded and closed by the host
        cli(home, 0, "tap", "--amount", "3.00");
        cli(home, 0, "tap", "--amount", "4.00");
        var state = com.shanfu.terminal.state.TerminalState.load(home);
        state.loseNewestRecord();
        state.save(home);
        assertThat(cli(home, 0, "settle")).contains("NOT balanced").contains("1 difference(s) recorded by the host");
        assertThat(com.shanfu.terminal.state.TerminalState.load(home).batch()).isEqualTo(3);
    }

    private static String trace(String json) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"trace\":(\\d+)").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }

    private static String cli(Path home, int expectedExit, String... args) {
        return FleetIT.cli(home, expectedExit, args);
    }

    private static String env(String name) {
        return E2eStack.env(name);
    }
}
