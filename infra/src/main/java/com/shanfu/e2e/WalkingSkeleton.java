package com.shanfu.e2e;

import com.shanfu.terminal.cli.TerminalCli;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.openqa.selenium.By;

/**
 * The walking skeleton through every real part: an applicant registers in Keycloak and applies in the portal, staff
 * approve and ship (the TMS assigns a device and an activation code), the terminal client activates, signs on, taps
 * 12.50 CNY and 1500.00 CNY with online PIN, and settles over TCP; the merchant sees the sales and the settled batch
 * in the portal.
 * Used by {@code infra/shanfu demo} (main) and by WalkingSkeletonIT.
 */
public final class WalkingSkeleton {

    public static final String DEMO_PASSWORD = "shanfu-demo";

    private final String portal;
    private final String tms;
    private final String keycloak;
    private final Path work;
    private final PrintStream log;
    private Path screenshots;
    private int step;

    public record Outcome(
            String applicant, long applicationId, String serial, String activationCode, String mid, String txnTotal) {}

    public WalkingSkeleton(String portalUrl, String tmsUrl, String keycloakUrl, Path work, PrintStream log) {
        this.portal = portalUrl;
        this.tms = tmsUrl;
        this.keycloak = keycloakUrl;
        this.work = work;
        this.log = log;
    }

    /** Saves a screenshot of each page the journey passes into this folder. */
    public WalkingSkeleton screenshotsTo(Path folder) {
        this.screenshots = folder;
        return this;
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        String portal = arg(a, "--portal", "https://localhost:8080");
        String tms = arg(a, "--tms", "https://localhost:8081");
        String keycloak = arg(a, "--keycloak", "http://localhost:8180");
        Path work = Path.of(arg(a, "--work", ".shanfu/demo"));
        String shots = arg(a, "--screenshots", null);
        try {
            WalkingSkeleton skeleton = new WalkingSkeleton(portal, tms, keycloak, work, OUT);
            if (shots != null) {
                skeleton.screenshotsTo(Path.of(shots));
            }
            Outcome o = skeleton.run();
            OUT.println("\nwalking skeleton passed: applicant " + o.applicant() + ", MID " + o.mid() + ", serial "
                    + o.serial() + ", sales " + o.txnTotal());
            System.exit(0);
        } catch (Exception | AssertionError e) {
            OUT.println("\nFAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String arg(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }

    public Outcome run() throws Exception {
        Files.createDirectories(work);
        String username = "applicant" + System.currentTimeMillis() % 100_000_000
                + ThreadLocalRandom.current().nextInt(100);
        try (Browser b = new Browser(work)) {
            try {
                return journey(b, username);
            } catch (Exception | AssertionError e) {
                Path shot = work.resolve("failure-step-" + step + ".png");
                Files.write(shot, b.screenshot());
                Files.writeString(work.resolve("failure-step-" + step + ".html"), b.pageSource());
                log.println("   (screenshot of the failure: " + shot + ")");
                throw e;
            }
        }
    }

    private Outcome journey(Browser b, String username) throws Exception {
        step("applicant opens the portal and starts an application");
        b.open(portal + "/");
        b.find(By.id("start-application"));
        shotBoth(b, "01-home", null);
        b.click(By.id("start-application"));

        step("applicant registers in Keycloak (" + username + ")");
        b.keycloakRegister(username, username + "@example.cn", "小明", "张", DEMO_PASSWORD);
        b.waitForUrl("/apply");
        b.find(By.id("legal-name"));
        shotBoth(b, "02-apply-empty", null);

        step("applicant fills the application, proves the mobile number with an SMS code and submits");
        Person person = Person.aged(30);
        new TmsApi(tms, TmsApi.opsToken(keycloak)).openCard(person, person.debitCard(), "DEBIT");
        ApplyPage form = new ApplyPage(b, portal).fill(person, false);
        shot(b, "03-apply-filled");
        form.proveMobile(person);
        shotBoth(b, "04-apply-mobile-verified", By.id("save-draft"));
        form.submit();
        b.waitForUrl("/my-application");
        long applicationId = Long.parseLong(b.waitForText(By.id("application-id"), ""));
        ok("application #" + applicationId + " submitted");

        step("the bank confirms name, ID, card and phone: the application awaits the staff call");
        b.waitForText(By.id("application-status"), "等待工作人员回访");
        ok("status: " + b.text("application-status"));
        shotBoth(b, "05-my-application-awaiting-call", null);
        logout(b);

        step("staff signs in, opens the case, logs the call with a model recommendation and approves");
        b.open(portal + "/staff/applications");
        b.keycloakLogin("staff1", DEMO_PASSWORD);
        b.waitForUrl("/staff/applications");
        shot(b, "06-staff-review-queue");
        b.click(By.id("open-" + applicationId));
        b.waitForText(By.id("case-status"), "等待工作人员回访");
        b.choose("contact-outcome", "已接通");
        b.type("contact-notes", "已核对信息，推荐 SF-P2（带打印机）");
        b.choose("contact-model", "SF-P2");
        b.click(By.id("contact-save"));
        b.waitForText(By.id("contact-log"), "已接通");
        shot(b, "07-staff-case");
        b.click(By.id("approve"));
        b.waitForText(By.id("case-status"), "已批准");

        step("staff ships a device with SF Express: the TMS assigns a serial and issues an activation code");
        String tracking =
                "SF" + String.format("%013d", ThreadLocalRandom.current().nextLong(10_000_000_000_000L));
        b.type("ship-tracking", tracking);
        b.click(By.id("ship-confirm"));
        String serial = b.waitForText(By.id("shipment-serial"), "SF");
        String code = b.text("shipment-code");
        ok("shipped " + serial + ", activation code " + code);
        shot(b, "08-staff-case-shipped");

        step("the courier delivers: staff record the delivery");
        b.click(By.id("deliver"));
        b.waitForText(By.id("case-status"), "已签收");
        logout(b);

        step("applicant follows the parcel: courier and tracking number, serial and activation code");
        b.open(portal + "/my-application");
        b.keycloakLogin(username, DEMO_PASSWORD);
        b.waitForText(By.id("tracking"), tracking);
        b.waitForText(By.id("application-status"), "已签收");
        shotBoth(b, "09-my-application-delivered", null);
        logout(b);

        step("terminal activates over the management channel (remote key loading)");
        Path home = Files.createTempDirectory(work, "terminal-");
        terminal(home, "activate", "--tms", tms, "--serial", serial, "--code", code);
        step("terminal signs on over ISO 8583");
        terminal(home, "sign-on");
        step("a software UnionPay card taps 12.50 CNY");
        terminal(home, "tap", "--amount", "12.50", "--card", "unionpay-debit");
        step("the same card taps 1500.00 CNY: above the CVM limit, the cardholder enters the online PIN");
        Path pin = Files.createTempFile(
                work,
                "pin-",
                ".txt",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(pin, "123456\n");
        terminal(home, "tap", "--amount", "1500.00", "--card", "unionpay-debit", "--pin-file", pin.toString());
        Files.delete(pin);
        step("terminal settles the batch");
        terminal(home, "settle");

        step("merchant signs in: the application shows activated, the merchant page the sales and the settled batch");
        b.open(portal + "/my-application");
        b.keycloakLogin(username, DEMO_PASSWORD);
        b.waitForText(By.id("application-status"), "已激活");
        shot(b, "10-my-application-activated");
        b.open(portal + "/merchant");
        b.waitForUrl("/merchant");
        b.waitForText(By.id("today-count"), "2");
        String total = b.waitForText(By.id("today-takings"), "1,512.50");
        String mid = b.text("merchant-mid");
        // the settled batch became a payout: 1512.50 less the fee plan's MDR, paid the next day
        String payout = b.waitForText(By.id("next-payout"), "1,5");
        shot(b, "11-merchant-dashboard");
        b.open(portal + "/merchant/settlements");
        b.waitForText(By.id("batch-1"), "已结算");
        ok("merchant " + mid + ": 2 sales, " + total + "; batch 000001 settled; next payout " + payout);
        shot(b, "11-merchant-settlements");
        logout(b);
        if (screenshots != null) {
            step("admin pages (screenshots only): risk rules, audit log, inventory, fleet");
            b.open(portal + "/admin/risk-rules");
            b.keycloakLogin("admin", DEMO_PASSWORD);
            b.find(By.id("rules"));
            shotBoth(b, "12-admin-risk-rules", null);
            b.open(portal + "/admin/audit");
            b.waitForText(By.id("audit"), "SHIPPED");
            shot(b, "13-admin-audit-log");
            b.open(portal + "/staff/inventory");
            b.find(By.id("stock"));
            shot(b, "14-staff-inventory");
            b.open(portal + "/admin/fleet");
            b.find(By.id("fleet"));
            shotBoth(b, "15-admin-fleet", null);
            logout(b);
        }
        return new Outcome(username, applicationId, serial, code, mid, total);
    }

    /**
     * The page in Chinese and, as {@code name-en}, in English; {@code keep} is clicked first when the page holds
     * typed input that the reload of a language switch would lose (the form's "save draft").
     */
    private void shotBoth(Browser b, String name, By keep) throws java.io.IOException {
        shot(b, name);
        if (screenshots == null) {
            return;
        }
        if (keep != null) {
            b.click(keep);
        }
        b.switchLanguage("中文");
        if (name.contains("apply")) {
            b.find(By.id("legal-name"));
        }
        shot(b, name + "-en");
        b.switchLanguage("English");
    }

    private void shot(Browser b, String name) throws java.io.IOException {
        if (screenshots != null) {
            Files.createDirectories(screenshots);
            Files.write(screenshots.resolve(name + ".png"), b.screenshot());
        }
    }

    private void logout(Browser b) {
        b.click(By.id("logout"));
        b.find(By.id("login"));
    }

    private void terminal(Path home, String... args) {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = TerminalCli.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        for (String line : out.toString().split("\n")) {
            if (!line.isBlank()) {
                log.println("   │ " + line);
            }
        }
        if (rc != 0) {
            throw new AssertionError("terminal " + String.join(" ", args) + " failed (exit " + rc + "): " + err);
        }
    }

    private void step(String what) {
        log.printf("%n[%d] %s%n", ++step, what);
    }

    private void ok(String what) {
        log.println("   ✔ " + what);
    }

    /** The console, in UTF-8 whatever the platform default. */
    static final PrintStream OUT =
            new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
}
