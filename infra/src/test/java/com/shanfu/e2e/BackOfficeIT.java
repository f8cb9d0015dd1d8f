package com.shanfu.e2e;

import static com.shanfu.e2e.Journeys.PORTAL;
import static com.shanfu.e2e.Journeys.applied;
import static com.shanfu.e2e.Journeys.bankCustomer;
import static com.shanfu.e2e.Journeys.inBrowser;
import static com.shanfu.e2e.Journeys.signIn;
import static com.shanfu.e2e.Journeys.signOut;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The staff back office in a real browser: four-eyes approval, rejection seen by the applicant, shipping with a
 * packing slip PDF, bulk stock import with a per-row report, rule edits in the audit log, and the pages only staff
 * and admins may open.
 */
@ExtendWith(E2eStack.class)
class BackOfficeIT {

    @Test
    void a_risky_application_needs_two_different_staff_to_approve() throws Exception {
        Person p = bankCustomer(false); // the credit card given is not theirs at the bank: +60, above the four-eyes 50
        inBrowser("four-eyes", b -> {
            long id = applied(b, p, true);
            signIn(b, "/staff/case/" + id, "staff1");
            assertThat(b.text("risk-score")).isEqualTo("60");
            b.waitForText(By.id("four-eyes-note"), "需要两位不同的工作人员批准");
            b.click(By.id("approve"));
            b.waitForText(By.id("case-message"), "已记录第一次批准，需要另一位工作人员复核批准");
            b.waitForText(By.id("four-eyes-note"), "staff1 已于");
            b.click(By.id("approve"));
            b.waitForText(By.id("case-message"), "您已第一次批准，需要另一位工作人员复核批准");
            assertThat(b.text("case-status")).isEqualTo("等待工作人员回访");
            signOut(b);

            signIn(b, "/staff/case/" + id, "staff2");
            b.click(By.id("approve"));
            b.waitForText(By.id("case-message"), "已批准，商户已开通");
            b.waitForText(By.id("case-status"), "已批准");
            String trail = b.waitForText(By.id("case-audit"), "APPROVED");
            assertThat(trail).contains("APPROVAL_FIRST").contains("staff1").contains("staff2");
        });
    }

    @Test
    void a_rejection_with_its_reason_reaches_the_applicant() throws Exception {
        Person p = bankCustomer(true);
        inBrowser("reject", b -> {
            String applicant = Journeys.signUp(b);
            long id = new ApplyPage(b, PORTAL).apply(p, true);
            b.waitForText(By.id("application-status"), "等待工作人员回访");
            signOut(b);
            signIn(b, "/staff/case/" + id, "staff1");
            // the full numbers: only for the staff member working the case, and only with a reason
            assertThat(b.present(By.id("reveal")) && b.byId("reveal").isDisplayed())
                    .isFalse();
            b.click(By.id("take-case"));
            b.waitForText(By.id("case-worker"), "staff1");
            b.click(By.id("reveal"));
            b.click(By.id("reveal-confirm"));
            b.waitForText(By.id("reveal-error"), "请说明查看完整号码的原因");
            b.type("reveal-reason", "回访时核对身份证号");
            b.click(By.id("reveal-confirm"));
            b.waitForText(By.id("case-id-number"), p.idNumber());
            b.click(By.id("reject"));
            b.click(By.id("reject-reason-confirm")); // empty reason: refused
            b.waitForFieldError("reject-reason", "请填写拒绝原因");
            b.type("reject-reason", "经营地址与身份证地址不符，请补充证明后重新申请");
            b.click(By.id("reject-reason-confirm"));
            b.waitForText(By.id("case-status"), "未通过");
            signOut(b);
            signIn(b, "/my-application", applicant);
            b.waitForText(By.id("application-status"), "未通过");
            b.waitForText(By.id("reject-reason-text"), "经营地址与身份证地址不符，请补充证明后重新申请");
        });
    }

    @Test
    void shipping_prints_a_packing_slip_with_the_serial_and_the_activation_code() throws Exception {
        Person p = bankCustomer(true);
        inBrowser("packing-slip", b -> {
            long id = applied(b, p, true);
            signIn(b, "/staff/case/" + id, "staff1");
            b.click(By.id("approve"));
            b.waitForText(By.id("case-status"), "已批准");
            b.click(By.id("ship-confirm")); // no tracking number: refused
            b.waitForFieldError("ship-tracking", "运单号格式与所选快递公司不符");
            b.type(
                    "ship-tracking",
                    "SF" + String.format("%013d", ThreadLocalRandom.current().nextLong(10_000_000_000_000L)));
            b.click(By.id("ship-confirm"));
            String serial = b.waitForText(By.id("shipment-serial"), "SF");
            String code = b.text("shipment-code");
            byte[] pdf = b.download(By.id("packing-slip"), PORTAL);
            try (PDDocument doc = Loader.loadPDF(pdf)) {
                String text = new PDFTextStripper().getText(doc);
                assertThat(text)
                        .contains(serial)
                        .contains(String.join(" ", code.split("")))
                        .contains("激活码 Activation code")
                        .contains(ApplyPage.HOME);
            }
            b.open(PORTAL + "/staff/case/" + id); // the trail as it is now
            assertThat(b.waitForText(By.id("case-audit"), "PACKING_SLIP_PRINTED"))
                    .contains("SHIPPED");

            // the device arrives broken: staff swap it, the TMS retires it and ships another
            b.click(By.id("replace-device"));
            b.click(By.id("replace-confirm"));
            b.waitForText(By.id("replace-error"), "请填写更换原因");
            b.type("replace-reason", "屏幕损坏");
            b.type(
                    "replace-tracking",
                    "SF" + String.format("%013d", ThreadLocalRandom.current().nextLong(10_000_000_000_000L)));
            b.click(By.id("replace-confirm"));
            b.waitForText(By.id("case-audit"), "DEVICE_REPLACED");
            String replacement = b.text("shipment-serial");
            assertThat(replacement).startsWith("SF").isNotEqualTo(serial);
            String replacementCode = b.text("shipment-code");
            assertThat(replacementCode).matches("\\d{8}").isNotEqualTo(code);

            // the code is shown once and kept nowhere: opened again, the case offers only to issue a new one,
            // which is shown once more and goes to the applicant by SMS; the old one stops working
            b.open(PORTAL + "/staff/case/" + id);
            b.find(By.id("code-not-kept"));
            assertThat(b.present(By.id("shipment-code"))).isFalse();
            java.time.Instant asked = java.time.Instant.now();
            b.click(By.id("reissue-code"));
            String fresh = b.waitForText(By.id("shipment-code"), "");
            assertThat(fresh).matches("\\d{8}").isNotEqualTo(replacementCode);
            assertThat(DevPhone.await(
                            new ApplyPage(b, PORTAL).maskedMobile(p),
                            java.util.regex.Pattern.compile(replacement + " 新激活码：(\\d{8})"),
                            asked))
                    .isEqualTo(fresh);
            assertThat(b.waitForText(By.id("case-audit"), "ACTIVATION_CODE_REISSUED"))
                    .doesNotContain(fresh);
        });
    }

    @Test
    void a_stock_import_reports_each_bad_row_and_imports_the_rest() throws Exception {
        TmsApi tms = Journeys.bank();
        long before = tms.inStock("SF-Q1");
        int base = ThreadLocalRandom.current().nextInt(100_000, 900_000);
        StringBuilder csv = new StringBuilder("serial,model\n");
        for (int i = 0; i < 5; i++) {
            csv.append("SFQ1-").append(base + i).append(",SF-Q1\n");
        }
        csv.append("BAD SERIAL,SF-Q1\n"); // line 7: not a serial
        csv.append("SFQ1-").append(base + 10).append(",SF-X9\n"); // line 8: no such model
        csv.append("SFQ1-000001,SF-Q1\n"); // line 9: already registered
        Path file = Files.createDirectories(E2eStack.WORK).resolve("stock-" + base + ".csv");
        Files.writeString(file, csv);
        inBrowser("stock-import", b -> {
            signIn(b, "/staff/inventory", "staff1");
            b.upload("stock-upload", file);
            b.waitForText(By.id("import-summary"), "导入完成：5 台已入库，3 行被拒绝");
            String report = b.text("import-report");
            assertThat(report).contains("序列号格式应为").contains("没有型号 SF-X9").contains("序列号 SFQ1-000001 已登记");
            assertThat(tms.inStock("SF-Q1")).isEqualTo(before + 5);
        });
    }

    @Test
    void a_rule_edit_is_published_as_a_new_version_and_shows_in_the_audit_log() throws Exception {
        inBrowser("rules", b -> {
            signIn(b, "/admin/risk-rules", "admin");
            String version = b.text("rules-version");
            b.click(By.id("rule-add"));
            b.type("rule-name", "florist-review");
            b.type("rule-condition", "mcc == '5992' and"); // unfinished: refused with the reason
            b.type("rule-score", "70");
            b.click(By.id("rule-save"));
            b.waitForText(By.id("rule-error"), "条件无法计算");
            b.type("rule-condition", "mcc == '5992'");
            b.click(By.id("rule-save"));
            b.waitForText(By.id("rules"), "florist-review");
            b.click(By.id("rules-publish")); // no note: refused
            b.waitForText(By.id("rules-message"), "请说明这次修改的原因");
            b.type("rules-note", "花店需人工审核（测试）");
            b.click(By.id("rules-publish"));
            String published = b.waitForText(By.id("rules-message"), "已发布");
            assertThat(b.text("rules-version")).isNotEqualTo(version).contains("花店需人工审核");
            b.open(PORTAL + "/admin/audit");
            b.waitForText(By.id("audit"), "RULES_PUBLISHED");
            assertThat(b.text("audit")).contains("florist-review").contains("admin");
            assertThat(published).contains("对之后提交的申请生效");
        });
    }

    @Test
    void the_admin_runs_the_books_check_and_reads_its_report() throws Exception {
        inBrowser("books", b -> {
            signIn(b, "/admin/books", "admin");
            b.click(By.id("books-run"));
            b.waitForText(By.id("books-runs"), "portal:admin");
            assertThat(b.text("books-runs")).contains("账目相符");
            assertThat(b.text("books-report")).startsWith("BOOKS BALANCE").contains("11 checks");
        });
    }

    @Test
    void applicants_and_staff_cannot_open_what_is_not_theirs() throws Exception {
        inBrowser("roles", b -> {
            signIn(b, "/my-application", "applicant1");
            for (String path : new String[] {
                "/staff/applications",
                "/staff/case/1",
                "/staff/inventory",
                "/admin/risk-rules",
                "/admin/audit",
                "/admin/blocklist",
                "/admin/fleet",
                "/admin/books"
            }) {
                b.open(PORTAL + path);
                b.waitForText(By.id("not-found"), path);
            }
            signOut(b);
            signIn(b, "/staff/applications", "staff1");
            for (String path : new String[] {
                "/admin/risk-rules", "/admin/audit", "/admin/blocklist", "/admin/fleet", "/admin/books"
            }) {
                b.open(PORTAL + path);
                b.waitForText(By.id("not-found"), path);
            }
            assertThat(b.present(By.id("nav-audit"))).isFalse();
        });
    }
}
