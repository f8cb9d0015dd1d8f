package com.shanfu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

/**
 * The merchant's side of the portal in a real browser, on money the real terminal client made over TCP: the
 * dashboard adds up what the terminal did, a portal refund is carried out by the terminal and a second one above
 * the rest is refused, a dispute takes evidence and staff decide it, the CSV export reads as Chinese, and merchant A
 * never reaches merchant B's transactions, disputes or figures.
 */
@org.junit.jupiter.api.extension.ExtendWith(E2eStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MerchantPortalIT {

    static final String PORTAL = E2eStack.PORTAL;
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SHOTS = E2eStack.WORK.resolve("screenshots");

    /** Merchant A: applied in the browser, approved and shipped by staff, its terminal activated. */
    static String aUser;

    static String aMid;
    static Path aHome;
    static String aSerial;
    static List<Long> aSales = new ArrayList<>(); // TMS ids: 12.50 debit, 88.00 credit, 20.00 debit (5.00 refunded)
    /** Merchant B: made through the TMS API, with its own terminal and one sale. */
    static String bMid;

    static long bSale;
    static long bDispute;

    @BeforeAll
    static void twoMerchantsWithTerminals() throws Exception {
        Files.createDirectories(SHOTS);
        TmsApi tms = Journeys.bank();
        Person p = Journeys.bankCustomer(false);
        String[] shipment = new String[2];
        Journeys.inBrowser("merchant-setup", b -> {
            aUser = Journeys.signUp(b);
            long id = new ApplyPage(b, PORTAL).apply(p, false);
            b.waitForText(By.id("application-status"), "等待工作人员回访");
            Journeys.signOut(b);
            Journeys.signIn(b, "/staff/case/" + id, "staff1");
            b.click(By.id("approve"));
            b.waitForText(By.id("case-status"), "已批准");
            b.type(
                    "ship-tracking",
                    "SF" + String.format("%013d", ThreadLocalRandom.current().nextLong(10_000_000_000_000L)));
            b.click(By.id("ship-confirm"));
            shipment[0] = b.waitForText(By.id("shipment-serial"), "SF");
            shipment[1] = b.text("shipment-code");
            Journeys.signOut(b);
            // before activation the guide shows the device waiting, the steps, the fee plan in numbers
            Journeys.signIn(b, "/merchant/activation", aUser);
            b.waitForText(By.id("activation-status"), "待激活");
            assertThat(b.text("fee-plan")).contains("借记卡").contains("%");
            java.time.Instant asked = java.time.Instant.now();
            b.click(By.id("resend-code"));
            b.waitForText(By.id("resend-result"), "新激活码已通过短信发送");
            shot(b, "merchant-01-activation");
            b.click(By.id("resend-code")); // at most one a minute
            b.waitForText(By.id("resend-result"), "一分钟后再试");
            // the new code went by SMS to the applicant's phone (the local run's stand-in phone)
            String resent = DevPhone.await(
                    new ApplyPage(b, PORTAL).maskedMobile(p),
                    java.util.regex.Pattern.compile(shipment[0] + " 新激活码：(\\d{8})"),
                    asked);
            shipment[1] = shipment[1] + "," + resent; // the shipped code, then the new one
        });
        aSerial = shipment[0];
        aMid = JSON.readTree(tms.get("/api/v1/devices/" + shipment[0]).body())
                .get("mid")
                .asText();
        // the first code was replaced by the resent one: the old one no longer activates
        aHome = Files.createTempDirectory(Files.createDirectories(E2eStack.WORK), "merchant-a-");
        String[] codes = shipment[1].split(",");
        cli(aHome, 1, "activate", "--tms", E2eStack.tms(), "--serial", shipment[0], "--code", codes[0]);
        cli(aHome, 0, "activate", "--tms", E2eStack.tms(), "--serial", shipment[0], "--code", codes[1]);
        cli(aHome, 0, "sign-on");
        tap(aHome, "12.50", "unionpay-debit");
        tap(aHome, "88.00", "unionpay-credit");
        String voided = tap(aHome, "30.00", "unionpay-debit");
        cli(aHome, 0, "void", "--trace", voided);
        String refunded = tap(aHome, "20.00", "unionpay-debit");
        cli(aHome, 0, "refund", "--trace", refunded, "--amount", "5.00");
        cli(aHome, 1, "tap", "--amount", "9.99", "--card", "blocked");
        for (JsonNode t : transactions(tms, aMid)) {
            if ("PURCHASE".equals(t.get("kind").asText())
                    && "APPROVED".equals(t.get("status").asText())) {
                aSales.add(0, t.get("id").asLong()); // newest first from the TMS: oldest ends up first here
            }
        }
        assertThat(aSales).hasSize(3);

        bMid = tms.registerMerchant("isolation-" + UUID.randomUUID(), "赵六便利店");
        String[] bShipment = tms.ship("isolation-" + UUID.randomUUID(), bMid);
        Path bHome = Files.createTempDirectory(Files.createDirectories(E2eStack.WORK), "merchant-b-");
        cli(bHome, 0, "activate", "--tms", E2eStack.tms(), "--serial", bShipment[0], "--code", bShipment[1]);
        cli(bHome, 0, "sign-on");
        tap(bHome, "77.00", "unionpay-debit");
        bSale = transactions(tms, bMid).get(0).get("id").asLong();
    }

    @Test
    @Order(1)
    void dashboard_figures_are_the_sums_of_what_the_terminal_did() throws Exception {
        JsonNode terms = JSON.readTree(
                        Journeys.bank().get("/api/v1/merchants/" + aMid).body())
                .get("terms");
        long fees = fee(1250, terms, "debit") + fee(8800, terms, "credit") + fee(2000, terms, "debit");
        long takings = 1250 + 8800 + 2000; // the voided 30.00 and the declined 9.99 are not takings
        Journeys.inBrowser("merchant-dashboard", b -> {
            Journeys.signIn(b, "/merchant", aUser);
            b.waitForText(By.id("today-count"), "3");
            assertThat(b.text("today-takings")).isEqualTo(money(takings));
            assertThat(b.text("today-refunds")).isEqualTo(money(500));
            assertThat(b.text("today-fees")).isEqualTo(money(fees));
            assertThat(b.text("today-net")).isEqualTo(money(takings - 500 - fees));
            assertThat(b.text("today-average")).isEqualTo(money((2 * takings + 3) / 6));
            assertThat(b.text("month-takings")).isEqualTo(money(takings)); // B's 77.00 is nowhere
            assertThat(b.find(By.cssSelector("#chart-daily svg")).isDisplayed()).isTrue();
            assertThat(b.text("chart-card-types")).contains("借记卡").contains("贷记卡");
            assertThat(b.text("terminals")).contains(aSerial);
            shot(b, "merchant-02-dashboard");

            b.open(PORTAL + "/merchant/transactions");
            b.find(By.cssSelector("#transactions-grid vaadin-grid-cell-content"));
            b.waitForText(By.id("transactions-grid"), "622848*********0018");
            assertThat(b.text("transactions-grid")).doesNotContain("77.00");
            shot(b, "merchant-03-transactions");
            b.open(PORTAL + "/merchant/settlements");
            b.find(By.id("settlement-account"));
            shot(b, "merchant-04-settlements");
        });
    }

    @Test
    @Order(2)
    void a_partial_refund_is_done_by_the_terminal_and_a_second_above_the_rest_is_refused() throws Exception {
        long sale = aSales.get(1); // 88.00 on the credit card
        Journeys.inBrowser("merchant-refund", b -> {
            Journeys.signIn(b, "/merchant/transaction/" + sale, aUser);
            b.waitForText(By.id("txn-refundable"), money(8800));
            b.type("refund-amount", "30.00");
            b.click(By.id("refund-submit"));
            b.waitForText(By.id("refund-requests"), "处理中");
            // the refund is the terminal's to do: its agent takes the task, refunds over ISO 8583 and reports
            assertThat(cli(aHome, 0, "agent", "--once", "--wait", "5")).contains("REFUND: APPLIED");
            b.waitForText(By.id("refund-requests"), "退款成功");
            b.waitForText(By.id("txn-refundable"), money(5800));
            shot(b, "merchant-05-transaction-refund");

            b.type("refund-amount", "60.00");
            b.click(By.id("refund-submit"));
            assertThat(b.waitForText(By.id("refund-error"), "超过")).isEqualTo("退款金额超过可退金额：此交易最多还可退 58.00 元。");
            assertThat(b.text("txn-refundable")).isEqualTo(money(5800));
            b.type("refund-amount", "58.001");
            b.click(By.id("refund-submit"));
            b.waitForText(By.id("refund-error"), "最多两位小数");
        });
        // exactly one refund of 30.00 in the journal, and the terminal's batch still balances with it
        long refunds = 0;
        for (JsonNode t : transactions(Journeys.bank(), aMid)) {
            if ("REFUND".equals(t.get("kind").asText()) && t.get("originalId").asLong() == sale) {
                refunds += t.get("amountFen").asLong();
            }
        }
        assertThat(refunds).isEqualTo(3000);
        assertThat(cli(aHome, 0, "agent", "--once", "--wait", "1")).doesNotContain("REFUND");
        assertThat(cli(aHome, 0, "settle")).contains("balanced").doesNotContain("NOT balanced");
    }

    @Test
    @Order(3)
    void a_dispute_takes_evidence_of_the_right_kind_and_staff_decide_it() throws Exception {
        long sale = aSales.get(0);
        Path png = E2eStack.WORK.resolve("receipt-photo.png");
        ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        Path fake = E2eStack.WORK.resolve("not-really.pdf");
        Files.writeString(fake, "this is text, not a PDF");
        long[] dispute = new long[1];
        Journeys.inBrowser("merchant-dispute", b -> {
            Journeys.signIn(b, "/merchant/transaction/" + sale, aUser);
            b.choose("dispute-reason", "持卡人不认可交易");
            b.click(By.id("dispute-open")); // no description: refused
            b.waitForText(By.id("dispute-error"), "请填写说明");
            b.type("dispute-description", "顾客称未消费，附上签购单照片。");
            b.click(By.id("dispute-open"));
            b.waitForUrl("/merchant/dispute/");
            dispute[0] = Long.parseLong(b.url().replaceAll(".*/merchant/dispute/(\\d+).*", "$1"));
            b.upload("evidence-upload", fake);
            b.waitForText(By.id("evidence-result"), "只接受 PDF、JPG 或 PNG");
            b.upload("evidence-upload", png);
            b.waitForText(By.id("evidence-list"), "receipt-photo.png");
            b.waitForText(By.id("evidence-result"), "已上传");
            assertThat(b.text("evidence-list")).doesNotContain("not-really");
            assertThat(b.download(By.cssSelector("#evidence-list a"), PORTAL)).isEqualTo(Files.readAllBytes(png));
            shot(b, "merchant-06-dispute");
            Journeys.signOut(b);

            Journeys.signIn(b, "/staff/disputes", "staff1");
            b.waitForText(By.id("staff-disputes"), aMid);
            b.click(By.xpath("//vaadin-grid-cell-content[text()='" + dispute[0] + "']"));
            b.waitForText(By.id("staff-dispute-detail"), "receipt-photo.png");
            b.type("decision-note", "签购单有持卡人签名，交易有效。");
            b.click(By.id("decide-won"));
            b.waitForText(By.id("staff-dispute-detail"), "已裁定：商户胜诉");
            // a chargeback notice for merchant B's sale, which A must never see
            b.type("chargeback-mid", bMid);
            b.type("chargeback-txn", String.valueOf(bSale));
            b.choose("chargeback-reason", "重复扣款");
            b.type("chargeback-text", "发卡行通知：重复扣款。");
            b.setValue(
                    "chargeback-respond-by",
                    java.time.LocalDate.now().plusDays(10).toString());
            b.click(By.id("chargeback-register"));
            String registered = b.waitForText(By.id("chargeback-result"), "已登记争议");
            bDispute = Long.parseLong(registered.replaceAll("\\D*#(\\d+).*", "$1"));
            // and one for A's 20.00 sale, which A answers
            b.type("chargeback-mid", aMid);
            b.type("chargeback-txn", String.valueOf(aSales.get(2)));
            b.choose("chargeback-reason", "未收到商品或服务");
            b.type("chargeback-text", "持卡人称未收到商品。");
            b.setValue(
                    "chargeback-respond-by",
                    java.time.LocalDate.now().plusDays(7).toString());
            b.click(By.id("chargeback-register"));
            long chargeback = Long.parseLong(b.waitForText(By.id("chargeback-result"), "#" + (bDispute + 1))
                    .replaceAll("\\D*#(\\d+).*", "$1"));
            // a fee plan change needs 30 days' notice
            b.type("fee-change-mid", aMid);
            b.choose("fee-change-plan", "标准");
            java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
            b.setValue("fee-change-effective", today.plusDays(10).toString());
            b.click(By.id("fee-change-announce"));
            b.waitForText(By.id("fee-change-result"), "须至少提前 30 天");
            b.setValue("fee-change-effective", today.plusDays(31).toString());
            b.click(By.id("fee-change-announce"));
            b.waitForText(By.id("fee-change-result"), "已通知商户 " + aMid);
            shot(b, "staff-disputes");
            Journeys.signOut(b);
            // the settled batch is paid out: the payout run of tomorrow (T+1)
            TmsApi admin = new TmsApi(
                    E2eStack.tms(), TmsApi.token(E2eStack.keycloak(), "admin", WalkingSkeleton.DEMO_PASSWORD));
            assertThat(admin.runPayouts(today.plusDays(1))).isEqualTo(200);

            Journeys.signIn(b, "/merchant/dispute/" + chargeback, aUser);
            b.waitForText(By.id("dispute-status"), "处理中");
            b.type("dispute-answer", "已发货，附物流签收单。");
            b.click(By.id("dispute-answer-send"));
            b.waitForText(By.id("dispute-status"), "已答复，等待裁定");
            b.open(PORTAL + "/merchant/dispute/" + dispute[0]);
            b.waitForText(By.id("dispute-status"), "商户胜诉");
            reloadUntil(b, "/merchant/notifications", "notifications", "付至您的到账卡"); // the portal looks every 5 s
            assertThat(b.text("notifications"))
                    .contains("争议 #" + dispute[0])
                    .contains("商户胜诉")
                    .contains("收到拒付通知")
                    .contains("退款 30.00 元")
                    .contains("费率将于");
            shot(b, "merchant-07-notifications");
            b.open(PORTAL + "/merchant/activation");
            b.waitForText(By.id("fee-plan"), "费率变更通知");
        });
    }

    @Test
    @Order(4)
    void the_excel_csv_export_reads_as_chinese_and_holds_only_this_shops_transactions() throws Exception {
        Journeys.inBrowser("merchant-csv", b -> {
            Journeys.signIn(b, "/merchant/transactions", aUser);
            b.find(By.id("export-excel"));
            byte[] excel = b.download(By.id("export-excel"), PORTAL);
            assertThat(excel).startsWith(0xEF, 0xBB, 0xBF);
            String text = new String(excel, 3, excel.length - 3, StandardCharsets.UTF_8);
            String[] lines = text.split("\r\n");
            assertThat(lines[0]).isEqualTo("交易时间,终端号,类型,状态,金额(元),卡号,卡组织,卡类型,批次号,凭证号,参考号,授权码");
            assertThat(text)
                    .contains(",消费,成功,88.00,")
                    .contains(",退货,成功,30.00,")
                    .contains(",撤销,成功,30.00,")
                    .contains(",消费,已撤销,30.00,")
                    .contains("贷记卡")
                    .contains("622848*********0018")
                    .doesNotContain("77.00");
            byte[] plain = b.download(By.id("export-csv"), PORTAL);
            assertThat(plain[0]).isEqualTo("交".getBytes(StandardCharsets.UTF_8)[0]); // no BOM
            assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(text);

            // the filter narrows the export: refunds only
            b.choose("filter-kind", "退货");
            b.click(By.id("filter-apply"));
            b.type("filter-min", "10");
            b.type("filter-max", "5");
            b.click(By.id("filter-apply"));
            b.waitForText(By.id("filter-error"), "最高金额不能低于最低金额");
            b.type("filter-max", "");
            b.type("filter-min", "");
            b.click(By.id("filter-apply"));
            String refundsOnly = new String(b.download(By.id("export-csv"), PORTAL), StandardCharsets.UTF_8);
            assertThat(refundsOnly.split("\r\n")).hasSize(3).allMatch(l -> l.startsWith("交易时间") || l.contains(",退货,"));

            // the receipt PDF of a sale, with the CJK font embedded
            b.open(PORTAL + "/merchant/transaction/" + aSales.get(1));
            b.find(By.id("receipt-pdf"));
            try (PDDocument doc = Loader.loadPDF(b.download(By.id("receipt-pdf"), PORTAL))) {
                assertThat(new PDFTextStripper().getText(doc))
                        .contains("签购单")
                        .contains(aMid)
                        .contains("88.00")
                        .contains("30.00");
            }
        });
    }

    @Test
    @Order(5)
    void merchant_a_never_reaches_merchant_bs_data_through_a_page_or_the_api() throws Exception {
        Journeys.inBrowser("merchant-isolation", b -> {
            Journeys.signIn(b, "/merchant/transaction/" + bSale, aUser);
            b.waitForText(By.id("transaction-not-found"), String.valueOf(bSale));
            assertThat(b.present(By.id("refund-submit"))).isFalse();
            assertThat(b.present(By.id("receipt-pdf"))).isFalse();
            b.open(PORTAL + "/merchant/dispute/" + bDispute);
            b.waitForText(By.id("dispute-not-found"), String.valueOf(bDispute));
            b.open(PORTAL + "/merchant/disputes");
            b.find(By.id("disputes-grid"));
            assertThat(b.text("disputes-grid")).doesNotContain(bMid).doesNotContain("77.00");
            b.open(PORTAL + "/merchant/notifications");
            assertThat(b.text("notifications")).doesNotContain("#" + bDispute);
            b.open(PORTAL + "/merchant/settlements");
            assertThat(b.text("merchant-mid")).isEqualTo(aMid);
            b.open(PORTAL + "/merchant/activation");
            assertThat(b.text("merchant-mid")).isEqualTo(aMid);
            b.open(PORTAL + "/staff/disputes"); // a merchant is no staff member
            b.find(By.id("not-found"));
            assertThat(b.present(By.id("staff-disputes"))).isFalse();
        });
        // a merchant's own token opens no TMS API: not B's data, not even A's
        TmsApi asA =
                new TmsApi(E2eStack.tms(), TmsApi.token(E2eStack.keycloak(), aUser, WalkingSkeleton.DEMO_PASSWORD));
        for (String path : List.of(
                "/api/v1/merchants/" + bMid + "/transactions",
                "/api/v1/merchants/" + bMid + "/summary",
                "/api/v1/merchants/" + bMid + "/transactions/" + bSale,
                "/api/v1/merchants/" + aMid + "/transactions",
                "/api/v1/merchants/" + bMid + "/payouts",
                "/api/v1/merchants/" + bMid + "/refund-requests")) {
            assertThat(asA.get(path).statusCode()).as(path).isEqualTo(403);
        }
        // and the TMS answers another merchant's transaction id under a MID with 404, like one that does not exist
        assertThat(Journeys.bank()
                        .get("/api/v1/merchants/" + aMid + "/transactions/" + bSale)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    @Order(6)
    void a_cashier_sees_the_shop_but_cannot_refund() throws Exception {
        String cashier = "cashier" + System.nanoTime() % 1_000_000_000L;
        String[] password = new String[1];
        Journeys.inBrowser("merchant-cashier", b -> {
            Journeys.signIn(b, "/merchant/settings", aUser);
            b.type("cashier-username", cashier);
            b.type("cashier-name", "小李");
            b.type("cashier-email", cashier + "@example.cn");
            b.click(By.id("cashier-add"));
            password[0] = b.waitForText(By.id("cashier-password"), "");
            b.waitForText(By.id("cashiers"), cashier);
            b.type("contact-phone", "12345");
            b.type("contact-email", "shop@example.cn");
            b.click(By.id("contact-save"));
            b.waitForText(By.id("contact-result"), "11位");
            // a new contact phone is proved with an SMS code first, as when applying
            String phone =
                    "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
            b.type("contact-phone", phone);
            b.type("contact-code", "000000");
            b.click(By.id("contact-save"));
            b.waitForText(By.id("contact-result"), "请先获取验证码");
            java.time.Instant asked = java.time.Instant.now();
            b.click(By.id("contact-send-code"));
            b.waitForText(By.id("contact-result"), "验证码已发送");
            String masked = phone.substring(0, 3) + "****" + phone.substring(7);
            b.type("contact-code", DevPhone.otp(masked, asked));
            b.click(By.id("contact-save"));
            b.waitForText(By.id("contact-result"), "已保存");
            b.open(PORTAL + "/merchant/settings");
            b.waitForText(By.id("contact-current"), masked);
            shot(b, "merchant-08-settings");
            Journeys.signOut(b);

            b.open(PORTAL + "/merchant/transaction/" + aSales.get(0));
            b.keycloakLoginFirstTime(cashier, password[0], WalkingSkeleton.DEMO_PASSWORD);
            b.waitForText(By.id("merchant-role"), "收银员");
            b.waitForText(By.id("txn-amount"), "12.50");
            assertThat(b.present(By.id("refund-submit"))).isFalse();
            assertThat(b.present(By.id("dispute-open"))).isFalse();
            b.open(PORTAL + "/merchant");
            b.waitForText(By.id("today-count"), "3");
        });
    }

    @Test
    @Order(7)
    void the_owner_chooses_how_to_be_told_and_the_choice_is_kept() throws Exception {
        Journeys.inBrowser("merchant-preferences", b -> {
            Journeys.signIn(b, "/merchant/settings", aUser);
            awaitChecked(b, "notify-sms", true); // SMS is on until the owner turns it off
            b.click(By.id("notify-sms"));
            b.click(By.id("preferences-save"));
            b.waitForText(By.id("preferences-result"), "已保存");
            b.open(PORTAL + "/merchant/settings");
            awaitChecked(b, "notify-sms", false);
            awaitChecked(b, "notify-email", true);
        });
    }

    private static void awaitChecked(Browser b, String id, boolean checked) throws InterruptedException {
        long end = System.currentTimeMillis() + 15_000;
        while ((b.find(By.id(id)).getDomAttribute("checked") != null) != checked) {
            assertThat(System.currentTimeMillis())
                    .as(id + " checked " + checked)
                    .isLessThan(end);
            Thread.sleep(200);
        }
    }

    /** Opens the page again until the element holds the text: news the portal learns while the page is open. */
    private static void reloadUntil(Browser b, String path, String id, String text) throws Exception {
        long end = System.currentTimeMillis() + 30_000;
        while (true) {
            b.open(PORTAL + path);
            b.find(By.id(id));
            if (b.text(id).contains(text)) {
                return;
            }
            assertThat(System.currentTimeMillis())
                    .as(id + " never showed " + text + ": " + b.text(id))
                    .isLessThan(end);
            Thread.sleep(1000);
        }
    }

    private static List<JsonNode> transactions(TmsApi tms, String mid) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(tms.get("/api/v1/merchants/" + mid + "/transactions?size=200")
                        .body())
                .get("items")
                .forEach(out::add);
        return out;
    }

    private static String tap(Path home, String amount, String card) {
        String json = cli(home, 0, "--json", "tap", "--amount", amount, "--card", card);
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"trace\":(\\d+)").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }

    private static long fee(long amountFen, JsonNode terms, String type) {
        long fee = (amountFen * terms.get(type + "RateBp").asLong() + 5_000) / 10_000;
        JsonNode cap = terms.get(type + "CapFen");
        return cap == null || cap.isNull() ? fee : Math.min(fee, cap.asLong());
    }

    private static String money(long fen) {
        NumberFormat f = NumberFormat.getCurrencyInstance(Locale.SIMPLIFIED_CHINESE);
        f.setCurrency(Currency.getInstance("CNY"));
        f.setMinimumFractionDigits(2);
        return f.format(BigDecimal.valueOf(fen, 2));
    }

    private static void shot(Browser b, String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), b.screenshot());
    }

    private static String cli(Path home, int exit, String... args) {
        return FleetIT.cli(home, exit, args);
    }
}
