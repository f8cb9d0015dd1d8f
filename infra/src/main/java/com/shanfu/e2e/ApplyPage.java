package com.shanfu.e2e;

import org.openqa.selenium.By;

/** The portal's application form as a person fills it in (page object over {@link Browser}). */
public final class ApplyPage {

    public static final String SHOP = "上海市浦东新区世纪大道100号1层";
    public static final String HOME = "上海市浦东新区世纪大道100号";

    private final Browser b;
    private final String portal;
    private final boolean english;

    public ApplyPage(Browser b, String portal) {
        this(b, portal, false);
    }

    /** The form as it reads in English ({@code english}) or Chinese: the texts the steps wait for. */
    public ApplyPage(Browser b, String portal, boolean english) {
        this.b = b;
        this.portal = portal;
        this.english = english;
    }

    /** Fills every field but the phone proof; {@code credit} adds the optional credit card. */
    public ApplyPage fill(Person p, boolean credit) {
        b.find(By.id("legal-name"));
        b.type("legal-name", p.name());
        b.type("id-number", p.idNumber());
        b.type("phone", p.mobile());
        b.type("settlement-card", p.debitCard());
        if (credit) {
            b.type("credit-card", p.creditCard());
        }
        b.select("mcc", english ? "Food retail" : "食品零售");
        b.type("city", english ? "Shanghai" : "上海");
        b.type("business-address", SHOP);
        b.type("shipping-address", HOME);
        return this;
    }

    public String maskedMobile(Person p) {
        return DevPhone.mask(p.mobile());
    }

    /** Asks for a code, reads it as the phone receives it (the local run's stand-in phone). */
    public String requestCode(Person p) {
        java.time.Instant asked = java.time.Instant.now();
        b.click(By.id("send-otp"));
        b.waitForText(By.id("form-message"), english ? "A code was sent" : "验证码已发送");
        return DevPhone.otp(maskedMobile(p), asked);
    }

    public ApplyPage enterCode(String code) {
        b.type("otp-code", code);
        b.click(By.id("verify-otp"));
        return this;
    }

    public ApplyPage proveMobile(Person p) {
        enterCode(requestCode(p));
        b.waitForText(By.id("phone-status"), english ? "Mobile number verified" : "手机号已验证");
        return this;
    }

    public void submit() {
        b.click(By.id("submit-application"));
    }

    /** Fills, proves the phone and submits; ends on the status page. Returns the application number. */
    public long apply(Person p, boolean credit) {
        fill(p, credit).proveMobile(p).submit();
        b.waitForUrl("/my-application");
        return Long.parseLong(b.waitForText(By.id("application-id"), ""));
    }
}
