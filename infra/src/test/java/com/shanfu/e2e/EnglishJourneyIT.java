package com.shanfu.e2e;

import static com.shanfu.e2e.Journeys.PORTAL;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * A person whose browser asks for English ({@code Accept-Language: en-US}) applies without ever touching the language
 * switch: every page, the code SMS and the status are in English. Screenshots of the English pages are kept in
 * {@code target/e2e/screenshots/en}, the same pages in Chinese beside them in {@code .../zh}. The choice a signed-in
 * person makes is remembered: switched to 中文, their next session starts in Chinese although the browser still asks
 * for English. A Chinese browser gets Chinese.
 */
@ExtendWith(E2eStack.class)
class EnglishJourneyIT {

    static final Path SHOTS = E2eStack.WORK.resolve("screenshots");

    @Test
    void an_english_browser_applies_in_english_and_a_choice_of_chinese_is_remembered_for_the_next_session()
            throws Exception {
        Person p = Journeys.bankCustomer(false);
        String username = "en" + System.nanoTime() % 1_000_000_000L
                + ThreadLocalRandom.current().nextInt(100);
        try (Browser b = english()) {
            try {
                b.open(PORTAL + "/");
                b.waitForText(By.id("start-application"), "Apply now");
                both(b, "01-home", "Apply now", "立即申请");

                b.open(PORTAL + "/apply");
                b.keycloakRegister(username, username + "@example.cn", "Ming", "Zhang", WalkingSkeleton.DEMO_PASSWORD);
                b.waitForUrl("/apply");
                b.find(By.id("legal-name"));
                both(b, "02-apply-empty", "中文", "English");

                ApplyPage form = new ApplyPage(b, PORTAL, true).fill(p, false);
                Instant asked = Instant.now();
                form.proveMobile(p); // "A code was sent", then "Mobile number verified"
                assertThat(String.join("\n", DevPhone.texts(form.maskedMobile(p))))
                        .as("the code SMS in the applicant's language")
                        .contains("code is");
                shot(b, "en", "03-apply-mobile-verified");
                form.submit();
                b.waitForUrl("/my-application");
                b.waitForText(By.id("application-status"), "Awaiting our call");
                both(b, "04-my-application", "Awaiting our call", "等待工作人员回访");
                assertThat(DevPhone.await(
                                form.maskedMobile(p), java.util.regex.Pattern.compile("(Awaiting our call)"), asked))
                        .as("status SMS in English")
                        .isNotBlank();

                // the person chooses Chinese: remembered for them, not for the browser
                b.switchLanguage("English");
                b.waitForText(By.id("application-status"), "等待工作人员回访");
                Journeys.signOut(b);
            } catch (Exception | AssertionError e) {
                b.keepEvidence(Journeys.failures(), "english-journey");
                throw e;
            }
        }
        try (Browser b = english()) {
            b.open(PORTAL + "/my-application");
            b.keycloakLogin(username, WalkingSkeleton.DEMO_PASSWORD);
            b.waitForUrl("/my-application");
            b.waitForText(By.id("application-status"), "等待工作人员回访");
            assertThat(b.text("lang-switch")).isEqualTo("English");
        }
        try (Browser b = english()) { // anonymous in an English browser: English again, the choice was the person's
            b.open(PORTAL + "/");
            b.waitForText(By.id("start-application"), "Apply now");
        }
        try (Browser b = new Browser(E2eStack.WORK, "zh-CN")) {
            b.open(PORTAL + "/");
            b.waitForText(By.id("start-application"), "立即申请");
        }
    }

    private static Browser english() throws Exception {
        return new Browser(E2eStack.WORK, "en-US");
    }

    /** The page in English, then switched to Chinese for its twin, then back to English. */
    private static void both(Browser b, String name, String english, String chinese) throws Exception {
        shot(b, "en", name);
        b.switchLanguage("English"); // the button names the other language
        b.waitForText(By.tagName("body"), chinese);
        shot(b, "zh", name);
        b.switchLanguage("中文");
        b.waitForText(By.tagName("body"), english);
    }

    private static void shot(Browser b, String language, String name) throws Exception {
        Path dir = Files.createDirectories(SHOTS.resolve(language));
        Files.write(dir.resolve(name + ".png"), b.screenshot());
    }
}
