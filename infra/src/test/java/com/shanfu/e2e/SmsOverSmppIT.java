package com.shanfu.e2e;

import static com.shanfu.e2e.Journeys.PORTAL;
import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.infra.smsc.SmscSimulator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * SMS leave the building over SMPP 3.4: the end-to-end portal binds to the SMS centre simulator (jSMPP's server side,
 * over TCP) and every code and status SMS of these tests goes through it. The centre's delivery receipts mark the
 * outbox message DELIVERED or UNDELIVERED; a centre that refuses a message (throttling) has it tried again after
 * backoff; a centre that drops the session is bound again. The admins' dev outbox shows each message's carrier.
 */
@ExtendWith(E2eStack.class)
class SmsOverSmppIT {

    @Test
    void a_code_throttled_twice_leaves_after_backoff_reaches_the_phone_and_its_receipt_marks_it_delivered()
            throws Exception {
        Person p = Journeys.bankCustomer(false);
        String number = "86" + p.mobile();
        E2eStack.smsc.throttle(number, 2);
        Journeys.inBrowser("smpp-throttled", b -> {
            Journeys.signUp(b);
            ApplyPage form = new ApplyPage(b, PORTAL).fill(p, false);
            String code = form.requestCode(p); // read on the phone the SMS centre delivered it to
            form.enterCode(code);
            b.waitForText(By.id("phone-status"), "手机号已验证");

            SmscSimulator.Received sms = E2eStack.smsc.received().stream()
                    .filter(r -> r.to().equals(number) && r.text().contains(code))
                    .findFirst()
                    .orElseThrow();
            assertThat(sms.text()).contains("验证码"); // UCS-2 on the wire, Chinese on the phone
            Map<String, Object> row = awaitStatus(sms.messageId(), "DELIVERED");
            assertThat(row.get("carrier")).isEqualTo("SMPP");
            assertThat(row.get("attempts")).as("two refusals, then taken").isEqualTo(3);
            assertThat(row.get("last_error")).isNull();
            Duration waited = Duration.between(
                    ((java.sql.Timestamp) row.get("created_at")).toInstant(),
                    ((java.sql.Timestamp) row.get("sent_at")).toInstant());
            assertThat(waited).as("backoff: 1 s, then 2 s").isGreaterThanOrEqualTo(Duration.ofSeconds(3));
            assertThat(E2eStack.smsc.receiptsSent())
                    .anyMatch(r ->
                            r.messageId().equals(sms.messageId()) && r.state().equals("DELIVRD"));

            // the admin's dev outbox shows the carrier and the receipt's word; the code itself is blanked
            Journeys.signOut(b);
            Journeys.signIn(b, "/dev/outbox", "admin");
            String outbox = b.waitForText(By.id("outbox"), sms.messageId());
            assertThat(outbox).contains("SMPP").contains("DELIVERED").doesNotContain("验证码是 " + code);
        });
    }

    @Test
    void a_number_the_network_cannot_reach_is_marked_undelivered_by_the_receipt() throws Exception {
        Person p = Journeys.bankCustomer(false);
        String number = "86" + p.mobile();
        E2eStack.smsc.unreachable(number);
        Journeys.inBrowser("smpp-unreachable", b -> {
            Journeys.signUp(b);
            new ApplyPage(b, PORTAL).fill(p, false);
            b.click(By.id("send-otp"));
            b.waitForText(By.id("form-message"), "验证码已发送");
            SmscSimulator.Received sms = awaitReceived(number);
            Map<String, Object> row = awaitStatus(sms.messageId(), "UNDELIVERED");
            assertThat(row.get("last_error")).isEqualTo("the carrier's receipt says UNDELIV");
            assertThat(row.get("delivered_at")).isNull();
        });
    }

    @Test
    void a_centre_that_drops_the_session_is_bound_again_and_the_next_code_arrives() throws Exception {
        Person p = Journeys.bankCustomer(false);
        E2eStack.smsc.dropSessions();
        Journeys.inBrowser("smpp-rebind", b -> {
            Journeys.signUp(b);
            ApplyPage form = new ApplyPage(b, PORTAL).fill(p, false);
            form.proveMobile(p);
            SmscSimulator.Received sms = awaitReceived("86" + p.mobile());
            awaitStatus(sms.messageId(), "DELIVERED");
            assertThat(E2eStack.smsc.boundSessions()).isEqualTo(1);
        });
    }

    private static SmscSimulator.Received awaitReceived(String number) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            var found = E2eStack.smsc.received().stream()
                    .filter(r -> r.to().equals(number))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the SMS centre got nothing for " + number + " within 30 s");
    }

    /** The outbox row the centre's id names, once it has the status (the receipt is applied), waiting up to 30 s. */
    private static Map<String, Object> awaitStatus(String carrierId, String status) throws Exception {
        String url = "jdbc:mysql://" + E2eStack.env("SHANFU_TEST_DB_HOST") + ":" + E2eStack.env("SHANFU_TEST_DB_PORT")
                + "/" + E2eStack.portalDb + "?useSSL=false&allowPublicKeyRetrieval=true";
        Instant deadline = Instant.now().plusSeconds(30);
        Map<String, Object> row = Map.of();
        try (Connection c = DriverManager.getConnection(url, "shanfu", "shanfu");
                PreparedStatement q = c.prepareStatement("select status, carrier, attempts, last_error, created_at,"
                        + " sent_at, delivered_at from outbox_message where carrier = 'SMPP' and carrier_id = ?")) {
            q.setString(1, carrierId);
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        row = new LinkedHashMap<>();
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                        }
                        if (status.equals(row.get("status"))) {
                            return row;
                        }
                    }
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("outbox message " + carrierId + " is not " + status + " within 30 s: " + row);
    }
}
