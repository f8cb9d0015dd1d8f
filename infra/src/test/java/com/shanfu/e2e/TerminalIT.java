package com.shanfu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bundled terminal against the running TMS over real HTTP and TCP: every decline reason a cashier can meet,
 * the parameter download at the first sign-on, the receipt as a PDF with its e-receipt QR link, the interactive
 * cashier screen, and the fleet mode that runs several terminals in one process.
 */
@ExtendWith(E2eStack.class)
class TerminalIT {

    private final ObjectMapper json = new ObjectMapper();

    static Path terminal(TmsApi staff, Path parent, String merchant) throws Exception {
        String mid = staff.registerMerchant("terminal-" + UUID.randomUUID(), merchant);
        String[] shipment = staff.ship("terminal-" + UUID.randomUUID(), mid);
        Path home = Files.createTempDirectory(Files.createDirectories(parent), "t");
        FleetIT.cli(home, 0, "activate", "--tms", E2eStack.tms(), "--serial", shipment[0], "--code", shipment[1]);
        return home;
    }

    /**
     * The cashier's screen in a real terminal (a pseudo-terminal made by util-linux {@code script}), typed into as a
     * person would, waiting for each prompt: a sale above the CVM limit asks for the PIN once, the PIN typed once is
     * taken (before, the screen's keyboard reader swallowed it and it had to be typed twice), and it is never shown.
     */
    @Test
    void the_cashier_screen_in_a_real_terminal_takes_the_pin_typed_once_and_never_shows_it() throws Exception {
        Path home = terminal(Journeys.bank(), E2eStack.WORK, "密码键盘商店");
        FleetIT.cli(home, 0, "sign-on");
        Path launcher =
                Path.of("../terminal-client/bin/terminal").toAbsolutePath().normalize();
        Process p = new ProcessBuilder("script", "-qefc", launcher + " --home " + home + " run", "/dev/null")
                .redirectErrorStream(true)
                .start();
        StringBuffer screen = new StringBuffer();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var in = new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)) {
                char[] buf = new char[4096];
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    screen.append(buf, 0, n);
                }
            } catch (java.io.IOException ignored) {
                // the terminal closed
            }
        });
        var keyboard = p.getOutputStream();
        try {
            int at = awaitOnScreen(screen, "q 退出 quit", 0);
            keyboard.write("1\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            at = awaitOnScreen(screen, "Amount (CNY):", at);
            keyboard.write("1500.00\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            at = awaitOnScreen(screen, "card [", at);
            keyboard.write("\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            int pinPrompt = awaitOnScreen(screen, "请输入密码 PIN:", at);
            keyboard.write("123456\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            int approved = awaitOnScreen(screen, "APPROVED", pinPrompt);
            assertThat(screen.substring(pinPrompt, approved))
                    .as("the PIN is not echoed")
                    .doesNotContain("123456");
            at = awaitOnScreen(screen, "[Y/n]", approved);
            keyboard.write("n\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            awaitOnScreen(screen, "q 退出 quit", at);
            keyboard.write("q\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS))
                    .as(screen.toString())
                    .isTrue();
        } finally {
            p.destroyForcibly();
            reader.join(5_000);
        }
        String all = screen.toString();
        assertThat(all.split("请输入密码 PIN:", -1))
                .as("asked for the PIN once: " + all)
                .hasSize(2);
        assertThat(all).doesNotContain("交易失败");
    }

    /** Waits until {@code text} shows on the screen after {@code from}; returns where it ends. */
    private static int awaitOnScreen(StringBuffer screen, String text, int from) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            int i = screen.indexOf(text, from);
            if (i >= 0) {
                return i + text.length();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("\"" + text + "\" never showed; the screen:\n" + screen);
    }

    @Test
    void each_decline_reason_is_told_to_the_cashier_and_nothing_is_charged() throws Exception {
        Path home = terminal(Journeys.bank(), E2eStack.WORK, "周八烟酒店");
        String signOn = FleetIT.cli(home, 0, "sign-on");
        assertThat(signOn).contains("parameters loaded: 3 CA public keys, 5 AIDs");
        record Case(String card, String amount, String pin, String code) {}
        for (Case c : List.of(
                new Case("expired", "10.00", null, "54"),
                new Case("blocked", "10.00", null, "05"),
                new Case("low-balance", "6.00", null, "51"),
                new Case("bad-cryptogram", "10.00", null, "05"),
                new Case("daily-limit", "1000.01", "123456", "61"),
                new Case("unionpay-debit", "1000.00", "000000", "55"))) {
            List<String> args = new ArrayList<>(List.of("--json", "tap", "--amount", c.amount(), "--card", c.card()));
            if (c.pin() != null) {
                args.addAll(List.of("--pin-file", FleetIT.pinFile(c.pin())));
            }
            JsonNode r = json.readTree(FleetIT.cli(home, 1, args.toArray(String[]::new))
                    .lines()
                    .findFirst()
                    .orElseThrow());
            assertThat(r.get("responseCode").asText()).as(c.card()).isEqualTo(c.code());
            assertThat(r.get("result").asText())
                    .as(c.card() + ": a reason the cashier can read")
                    .isNotBlank();
        }
        assertThat(FleetIT.cli(home, 1, "tap", "--amount", "5000.00"))
                .as("at the contactless limit")
                .contains("insert or swipe");
        String status = FleetIT.cli(home, 0, "--json", "status");
        assertThat(json.readTree(status.lines().findFirst().orElseThrow()).toString())
                .contains("\"openBatchSales\":0");
        assertThat(FleetIT.cli(home, 0, "settle")).contains("0 sale(s)").contains("balanced");
    }

    @Test
    void a_receipt_prints_as_a_pdf_with_both_copies_and_a_link_to_the_e_receipt() throws Exception {
        Path home = terminal(Journeys.bank(), E2eStack.WORK, "吴九茶铺");
        FleetIT.cli(home, 0, "sign-on");
        JsonNode sale = json.readTree(FleetIT.cli(home, 0, "--json", "tap", "--amount", "36.80")
                .lines()
                .findFirst()
                .orElseThrow());
        Path pdf = home.resolve("receipt.pdf");
        String out = FleetIT.cli(
                home, 0, "--json", "receipt", "--trace", sale.get("trace").asText(), "--pdf", pdf.toString());
        JsonNode r = json.readTree(out.lines().findFirst().orElseThrow());
        // the QR code links to the portal's e-receipt by the random token the host gave the sale (field 63)
        String link = r.get("eReceipt").asText();
        assertThat(link).matches("https://localhost:8080/receipt/[A-Za-z0-9_-]{22}");
        String token = link.substring(link.lastIndexOf('/') + 1);
        try (var doc = Loader.loadPDF(pdf.toFile())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(2);
            String text = new PDFTextStripper().getText(doc);
            assertThat(text)
                    .contains("商户存根 MERCHANT COPY")
                    .contains("持卡人存根 CUSTOMER COPY")
                    .contains("吴九茶铺")
                    .contains("622848*********0018")
                    .contains("36.80")
                    .contains(sale.get("rrn").asText())
                    .doesNotContain("6228480402564890018");
        }
        Journeys.inBrowser(
                "e-receipt",
                b -> { // the cardholder scans it: no sign-in, card number masked
                    b.open(Journeys.PORTAL + "/receipt/" + token);
                    b.waitForText(org.openqa.selenium.By.id("receipt-amount"), "36.80");
                    assertThat(b.text("receipt-merchant")).isEqualTo("吴九茶铺");
                    assertThat(b.text("receipt-card")).contains("622848*********0018");
                    assertThat(b.pageSource()).doesNotContain("6228480402564890018");
                    try (var doc = Loader.loadPDF(
                            b.download(org.openqa.selenium.By.id("receipt-download"), Journeys.PORTAL))) {
                        assertThat(new PDFTextStripper().getText(doc))
                                .contains("持卡人存根 CUSTOMER COPY")
                                .contains("36.80");
                    }
                    b.open(Journeys.PORTAL + "/receipt/" + "A".repeat(22)); // a guessed token finds nothing
                    b.find(org.openqa.selenium.By.id("receipt-not-found"));
                });
        assertThat(Files.readString(home.resolve("terminal.state"), StandardCharsets.ISO_8859_1))
                .as("the state on disk is encrypted")
                .doesNotContain("tmk")
                .doesNotContain("吴九");
    }

    @Test
    void the_cashier_screen_takes_a_sale_prints_the_receipt_and_settles() throws Exception {
        Path home = terminal(Journeys.bank(), E2eStack.WORK, "郑十早餐店");
        FleetIT.cli(home, 0, "sign-on");
        String keys = String.join(
                        "\n",
                        "1",
                        "12.50",
                        "unionpay-debit",
                        "y",
                        "1",
                        "1200.00",
                        "mobile-wallet",
                        "n",
                        "1",
                        "abc",
                        "4",
                        "q")
                + "\n";
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = com.shanfu.terminal.cli.TerminalCli.run(
                new String[] {"--home", home.toString(), "run"},
                new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out),
                new PrintWriter(err));
        String screen = out.toString();
        assertThat(rc).as(screen + err).isZero();
        assertThat(screen)
                .contains("请挥卡  TAP CARD   CNY 12.50")
                .contains("*** 交易成功 APPROVED ***")
                .contains("持卡人存根 CUSTOMER COPY")
                .contains("持卡人已在手机上验证")
                .contains("金额无效")
                .contains("结算 SETTLEMENT batch 000001: 2 sale(s) CNY 1212.50")
                .contains("对账平 balanced")
                .contains("再见 Bye.");
        // kept for the README's captured session (docs/terminal-run-session.txt is a copy of it)
        Files.writeString(E2eStack.WORK.resolve("terminal-run-session.txt"), "$ terminal run\n" + screen);
    }

    @Test
    void the_cashier_screen_settles_by_itself_at_the_configured_time() throws Exception {
        Path home = terminal(Journeys.bank(), E2eStack.WORK, "冯十二面包房");
        FleetIT.cli(home, 0, "sign-on");
        FleetIT.cli(home, 0, "tap", "--amount", "8.00");
        var state = com.shanfu.terminal.state.TerminalState.load(home);
        state.setting("autoSettlementTime", "00:00"); // as a CONFIG push task would set it: always past
        state.save(home);
        System.setProperty("shanfu.terminal.tick-millis", "200");
        java.io.PipedOutputStream keyboard = new java.io.PipedOutputStream();
        java.io.PipedInputStream in = new java.io.PipedInputStream(keyboard);
        StringWriter out = new StringWriter();
        var screen = java.util.concurrent.CompletableFuture.supplyAsync(() -> com.shanfu.terminal.cli.TerminalCli.run(
                new String[] {"--home", home.toString(), "run"},
                in,
                new PrintWriter(out),
                new PrintWriter(new StringWriter())));
        for (int i = 0; i < 100 && !out.toString().contains("自动 auto 结算"); i++) {
            Thread.sleep(100);
        }
        keyboard.write("q\n".getBytes(StandardCharsets.UTF_8));
        keyboard.close();
        assertThat(screen.get(10, java.util.concurrent.TimeUnit.SECONDS)).isZero();
        assertThat(out.toString())
                .contains("自动 auto 结算 SETTLEMENT batch 000001: 1 sale(s) CNY 8.00")
                .contains("对账平 balanced");
        assertThat(out.toString().split("自动 auto 结算", -1)).as("once a day").hasSize(2);
    }

    @Test
    void a_fleet_of_terminals_in_one_process_keeps_each_ones_keys_and_counters() throws Exception {
        TmsApi staff = Journeys.bank();
        Path fleet = Files.createTempDirectory(Files.createDirectories(E2eStack.WORK), "fleet-");
        for (int i = 0; i < 3; i++) {
            terminal(staff, fleet, "王十一连锁店");
        }
        String out = FleetIT.cli(
                fleet,
                0,
                "--json",
                "fleet",
                "--homes",
                fleet.toString(),
                "--terminals",
                "3",
                "--tps",
                "15",
                "--duration",
                "4s");
        JsonNode r = json.readTree(out.lines().findFirst().orElseThrow());
        assertThat(r.get("failed").asLong()).as(out).isZero();
        assertThat(r.get("approved").asLong())
                .as(out)
                .isEqualTo(r.get("sent").asLong())
                .isGreaterThanOrEqualTo(40);
        assertThat(FleetIT.cli(fleet, 1, "fleet", "--homes", fleet.toString(), "--terminals", "4"))
                .as("more terminals than homes")
                .contains("holds 3 activated terminal(s)");
        try (var homes = Files.list(fleet)) {
            for (Path home : homes.filter(Files::isDirectory).toList()) {
                assertThat(FleetIT.cli(home, 0, "settle"))
                        .as("each terminal's own batch balances")
                        .contains("balanced 对账平");
            }
        }
    }

    /**
     * What the load driver does, small: each terminal taps a card of its own, opened for the run at the issuer (a
     * demo card or a card open already is refused), with online-PIN sales, voids and refunds among them; every batch
     * settles balanced and the books check finds nothing lost or doubled.
     */
    @Test
    void a_load_run_taps_its_own_cards_with_a_mixed_load_and_settles_balanced() throws Exception {
        TmsApi staff = Journeys.bank();
        Path fleet = Files.createTempDirectory(Files.createDirectories(E2eStack.WORK), "load-");
        for (int i = 0; i < 2; i++) {
            Path home = terminal(staff, fleet, "压测连锁店");
            String pan = LoadRun.ownPan();
            staff.openIssuerCard(pan, 100_000_000L);
            Files.writeString(home.resolve("card.pan"), pan + "\n");
            if (i == 0) {
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> staff.openIssuerCard(pan, 1)))
                        .as("a card is opened once")
                        .hasMessageContaining("409");
            }
        }
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> staff.openIssuerCard("6228480402564890018", 1)))
                .as("the demo card is not lent out")
                .hasMessageContaining("card-exists");
        String out = FleetIT.cli(
                fleet,
                0,
                "--json",
                "fleet",
                "--homes",
                fleet.toString(),
                "--terminals",
                "2",
                "--tps",
                "10",
                "--duration",
                "5s",
                "--pin-share",
                "0.3",
                "--void-share",
                "0.1",
                "--refund-share",
                "0.1",
                "--settle");
        JsonNode r = json.readTree(out.lines().findFirst().orElseThrow());
        assertThat(r.get("failed").asLong()).as(out).isZero();
        assertThat(r.get("approved").asLong())
                .as(out)
                .isEqualTo(r.get("sent").asLong())
                .isGreaterThanOrEqualTo(30);
        assertThat(r.get("withPin").asLong()).as(out).isPositive();
        assertThat(r.get("voids").asLong() + r.get("refunds").asLong()).as(out).isPositive();
        assertThat(r.get("settled").asLong()).as(out).isEqualTo(2);
        assertThat(r.get("balanced").asLong()).as(out).isEqualTo(2);
        assertThat(new TmsApi(E2eStack.tms(), TmsApi.opsToken(E2eStack.keycloak())).booksCheck())
                .startsWith("BOOKS BALANCE");
    }
}
