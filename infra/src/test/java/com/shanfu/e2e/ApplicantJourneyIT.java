package com.shanfu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The applicant's side in a real browser, with a fresh Keycloak account each time: the exact message a person reads
 * for each refusal, and that a refused application leaves nothing behind.
 */
@ExtendWith(E2eStack.class)
class ApplicantJourneyIT {

    private static final String PORTAL = E2eStack.PORTAL;
    private String testName;

    @org.junit.jupiter.api.BeforeEach
    void name(org.junit.jupiter.api.TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
    }

    private void inBrowser(Journeys.BrowserWork work) throws Exception {
        Journeys.inBrowser(testName, work);
    }

    private static String signUp(Browser b) {
        return Journeys.signUp(b);
    }

    private static Person bankCustomer() throws Exception {
        return Journeys.bankCustomer(true);
    }

    /** Nothing was stored: the status page says there is no application. */
    private static void assertNothingStored(Browser b) {
        b.open(PORTAL + "/my-application");
        b.waitForText(By.tagName("body"), "您还没有提交申请");
    }

    @Test
    void a_valid_application_is_saved_as_draft_resumed_verified_by_the_bank_and_awaits_the_staff_call()
            throws Exception {
        Person p = bankCustomer();
        inBrowser(b -> {
            signUp(b);
            ApplyPage form = new ApplyPage(b, PORTAL).fill(p, true);
            b.waitForText(By.id("settlement-card"), "中国农业银行");
            b.waitForText(By.id("credit-card"), "信用卡");
            b.click(By.id("save-draft"));
            b.waitForText(By.id("form-message"), "草稿已保存");

            b.open(PORTAL + "/apply"); // leave and come back: the draft is restored
            b.waitForText(By.id("form-message"), "已恢复您上次保存的草稿");
            assertThat(b.byId("id-number").getDomProperty("value")).isEqualTo(p.idNumber());
            assertThat(b.byId("credit-card").getDomProperty("value")).isEqualTo(p.creditCard());

            form.proveMobile(p).submit();
            b.waitForUrl("/my-application");
            b.waitForText(By.id("application-status"), "等待工作人员回访");
            for (String step : new String[] {"submitted", "verifying", "awaiting-call"}) {
                assertThat(b.byId("step-" + step).getDomAttribute("class"))
                        .as(step)
                        .contains("done");
            }
            String masked = b.text("application-masked");
            assertThat(masked)
                    .contains(p.idNumber().substring(0, 3) + "***********"
                            + p.idNumber().substring(14))
                    .contains("622848*********" + p.debitCard().substring(15))
                    .contains(p.mobile().substring(0, 3) + " **** " + p.mobile().substring(7));
            assertThat(b.pageSource())
                    .doesNotContain(p.idNumber())
                    .doesNotContain(p.debitCard())
                    .doesNotContain(p.mobile());

            // each change was announced by SMS through the outbox, as the applicant's phone received it
            String phone = form.maskedMobile(p);
            DevPhone.await(phone, java.util.regex.Pattern.compile("(等待工作人员回访)"), java.time.Instant.EPOCH);
            assertThat(String.join("\n", DevPhone.texts(phone)))
                    .contains("身份核验中")
                    .contains("已提交")
                    .doesNotContain(p.creditCard())
                    .doesNotContain(p.idNumber());

            // the dev outbox page is for admins only: an applicant finds nothing there
            b.open(PORTAL + "/dev/outbox");
            b.waitForText(By.tagName("body"), "dev/outbox");
            assertThat(b.present(By.id("outbox"))).isFalse();
            Journeys.signOut(b);

            // an admin sees the outbox: the phone code it carried is blanked now that it has left
            String code = DevPhone.otp(phone, java.time.Instant.EPOCH);
            Journeys.signIn(b, "/dev/outbox", "admin");
            String outbox = b.waitForText(By.id("outbox"), "您的验证码是 ••••••");
            assertThat(outbox)
                    .contains(phone)
                    .doesNotContain("验证码是 " + code)
                    .doesNotContain(p.creditCard())
                    .doesNotContain(p.idNumber());
        });
    }

    @Test
    void an_applicant_under_18_is_refused_with_the_reason_and_nothing_is_stored() throws Exception {
        Person p = Person.aged(17);
        inBrowser(b -> {
            signUp(b);
            ApplyPage form = new ApplyPage(b, PORTAL).fill(p, false);
            b.waitForFieldError("id-number", "未满 18 周岁不能申请");
            form.proveMobile(p).submit();
            b.waitForText(By.id("form-message"), "请检查标红的项目");
            assertThat(b.fieldError("id-number")).isEqualTo("未满 18 周岁不能申请");
            assertThat(b.url()).contains("/apply");
            assertNothingStored(b);
        });
    }

    @Test
    void an_id_number_with_a_wrong_check_digit_is_refused() throws Exception {
        Person p = Person.aged(35).withBadCheckDigit();
        inBrowser(b -> {
            signUp(b);
            ApplyPage form = new ApplyPage(b, PORTAL).fill(p, false);
            b.waitForFieldError("id-number", "身份证号校验位错误，请核对");
            form.proveMobile(p).submit();
            b.waitForText(By.id("form-message"), "请检查标红的项目");
            assertThat(b.fieldError("id-number")).isEqualTo("身份证号校验位错误，请核对");
            assertNothingStored(b);
        });
    }

    @Test
    void a_credit_card_as_settlement_card_is_refused() throws Exception {
        Person p = Person.aged(40);
        Person creditAsSettlement = new Person(p.name(), p.idNumber(), p.mobile(), p.creditCard(), p.creditCard());
        inBrowser(b -> {
            signUp(b);
            ApplyPage form = new ApplyPage(b, PORTAL).fill(creditAsSettlement, false);
            b.waitForFieldError("settlement-card", "结算卡必须是借记卡，不能使用信用卡");
            b.waitForText(By.id("settlement-card"), "中国工商银行 · 信用卡");
            form.proveMobile(p).submit();
            b.waitForText(By.id("form-message"), "请检查标红的项目");
            assertThat(b.fieldError("settlement-card")).isEqualTo("结算卡必须是借记卡，不能使用信用卡");
            assertNothingStored(b);
        });
    }

    @Test
    void five_wrong_codes_lock_the_number_and_the_application_cannot_be_submitted() throws Exception {
        Person p = bankCustomer();
        inBrowser(b -> {
            signUp(b);
            ApplyPage form = new ApplyPage(b, PORTAL).fill(p, false);
            String code = form.requestCode(p);
            String wrong = String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
            for (int left = 4; left >= 1; left--) {
                form.enterCode(wrong);
                b.waitForText(By.id("form-message"), "验证码错误，还可尝试 " + left + " 次");
            }
            form.enterCode(wrong);
            b.waitForText(By.id("form-message"), "该手机号验证失败次数过多，已锁定 30 分钟");
            form.enterCode(code); // the right code no longer helps
            b.waitForText(By.id("form-message"), "该手机号验证失败次数过多，已锁定");
            assertThat(b.text("phone-status")).isEqualTo("手机号尚未验证");
            b.click(By.id("send-otp")); // nor does a new code
            b.waitForText(By.id("form-message"), "该手机号验证失败次数过多，已锁定");
            form.submit();
            b.waitForText(By.id("form-message"), "请检查标红的项目");
            assertThat(b.fieldError("phone")).isEqualTo("请先通过短信验证码验证手机号");
            assertNothingStored(b);
        });
    }

    @Test
    void one_id_number_holds_at_most_three_applications_and_withdrawal_erases_personal_data() throws Exception {
        Person p = bankCustomer();
        inBrowser(b -> {
            signUp(b);
            for (int i = 1; i <= 3; i++) {
                b.open(PORTAL + "/apply");
                ApplyPage form = new ApplyPage(b, PORTAL).fill(p, false);
                if (i == 1) {
                    form.proveMobile(p); // proved once, it stays proved for half an hour
                }
                form.submit();
                b.waitForUrl("/my-application");
                b.waitForText(By.id("application-status"), "等待工作人员回访");
                b.click(By.id("withdraw"));
                b.click(By.xpath("//vaadin-button[@slot='confirm-button']"));
                b.waitForText(By.id("application-status"), "已撤回");
                assertThat(b.present(By.id("application-masked")))
                        .as("personal data erased")
                        .isFalse();
                assertThat(b.present(By.id("withdraw"))).isFalse();
            }
            b.open(PORTAL + "/apply");
            new ApplyPage(b, PORTAL).fill(p, false).submit();
            b.waitForText(By.id("form-message"), "每个身份证号最多可申请 3 次（含已撤回和已开通的）");
            assertThat(b.url()).contains("/apply");
            b.open(PORTAL + "/my-application");
            b.waitForText(By.id("application-status"), "已撤回"); // the newest is still the third, withdrawn
        });
    }
}
