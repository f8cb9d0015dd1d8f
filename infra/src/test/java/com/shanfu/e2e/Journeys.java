package com.shanfu.e2e;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.openqa.selenium.By;

/** Steps the end-to-end tests share: a new applicant, a person the simulated bank knows, signing in and out. */
final class Journeys {

    static final String PORTAL = E2eStack.PORTAL;

    private Journeys() {}

    interface BrowserWork {
        void run(Browser b) throws Exception;
    }

    /** Runs the work in a fresh browser; on failure a screenshot and the page are kept in target/e2e/failures. */
    static void inBrowser(String name, BrowserWork work) throws Exception {
        Browser b = new Browser(E2eStack.WORK);
        try {
            work.run(b);
        } catch (Exception | AssertionError e) {
            b.keepEvidence(E2eStack.WORK.resolve("failures"), name);
            throw e;
        } finally {
            b.close();
        }
    }

    /** Registers a new applicant in Keycloak and lands on the empty form; returns the username. */
    static String signUp(Browser b) {
        String username = "it" + System.nanoTime() % 1_000_000_000L
                + ThreadLocalRandom.current().nextInt(100);
        b.open(PORTAL + "/apply");
        b.keycloakRegister(username, username + "@example.cn", "小明", "张", WalkingSkeleton.DEMO_PASSWORD);
        b.waitForUrl("/apply");
        b.find(By.id("legal-name"));
        return username;
    }

    static TmsApi bank() throws Exception {
        return new TmsApi(E2eStack.tms(), TmsApi.token(E2eStack.keycloak(), "staff1", WalkingSkeleton.DEMO_PASSWORD));
    }

    /** A person with a debit card at the simulated bank; with {@code creditToo} their credit card is known as well. */
    static Person bankCustomer(boolean creditToo) throws Exception {
        Person p = Person.aged(30);
        TmsApi bank = bank();
        bank.openCard(p, p.debitCard(), "DEBIT");
        if (creditToo) {
            bank.openCard(p, p.creditCard(), "CREDIT");
        }
        return p;
    }

    /** A new applicant applies and the bank check passes; returns the application number, signed out. */
    static long applied(Browser b, Person p, boolean credit) {
        signUp(b);
        long id = new ApplyPage(b, PORTAL).apply(p, credit);
        b.waitForText(By.id("application-status"), "等待工作人员回访");
        signOut(b);
        return id;
    }

    static void signIn(Browser b, String path, String user) {
        b.open(PORTAL + path);
        b.keycloakLogin(user, WalkingSkeleton.DEMO_PASSWORD);
        b.waitForUrl(path);
    }

    static void signOut(Browser b) {
        b.click(By.id("logout"));
        b.find(By.id("login"));
    }

    static Path failures() {
        return E2eStack.WORK.resolve("failures");
    }
}
