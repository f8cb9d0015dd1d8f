package com.shanfu.portal.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.shanfu.portal.TestStack;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Email leaves the building: with {@code shanfu.notifications.email=smtp} the outbox relay hands each email to a mail
 * server over SMTP — here GreenMail, a real SMTP server in the test's process, whose received messages are read back —
 * while SMS stays with the dev gateway. A mail server that refuses the connection leaves the message pending, and the
 * next run of the relay delivers it once.
 */
@SpringBootTest(
        properties = {
            "shanfu.tms.url=http://127.0.0.1:9",
            "shanfu.notifications.relay-interval=3600000",
            "shanfu.notifications.retry-first=PT1S",
            "shanfu.activation.watch-interval=3600000",
            "shanfu.identity.poll-interval=3600000",
            "shanfu.merchant.watch-interval=3600000",
            "shanfu.notifications.email=smtp",
            "shanfu.notifications.mail-from=Shanfu 闪付 <no-reply@shanfu.test>"
        })
class SmtpMailIT {

    static final int PORT = freePort();
    static GreenMail mail = started();

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.register(registry, "portal_mail");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> PORT);
    }

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxRelay relay;

    @Autowired
    DevMessageGateway phone;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void empty() throws Exception {
        jdbc.update("delete from outbox_message");
        mail.purgeEmailFromAllMailboxes();
    }

    @AfterAll
    static void stop() {
        mail.stop();
    }

    @Test
    void an_email_leaves_through_smtp_and_an_sms_stays_with_the_dev_gateway() throws Exception {
        tx.executeWithoutResult(s -> {
            outbox.email(null, "wang.fang@example.cn", "申请已收到 Application received", "王芳，您好：\n申请 A-1 已收到。");
            outbox.sms(null, "13800138000", "138****8000", "闪付：短信留在开发网关");
        });
        relay.relay();

        assertThat(mail.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage m = mail.getReceivedMessages()[0];
        assertThat(m.getAllRecipients()).extracting(Object::toString).containsExactly("wang.fang@example.cn");
        assertThat(((InternetAddress) m.getFrom()[0]).getAddress()).isEqualTo("no-reply@shanfu.test");
        assertThat(((InternetAddress) m.getFrom()[0]).getPersonal()).isEqualTo("Shanfu 闪付");
        assertThat(m.getSubject()).isEqualTo("申请已收到 Application received");
        assertThat(m.getContentType()).containsIgnoringCase("text/plain").containsIgnoringCase("UTF-8");
        assertThat(((String) m.getContent()).replace("\r\n", "\n")).isEqualTo("王芳，您好：\n申请 A-1 已收到。");
        assertThat(phone.delivered())
                .anyMatch(d ->
                        d.channel() == OutboxMessage.Channel.SMS && d.text().equals("闪付：短信留在开发网关"))
                .noneMatch(d -> d.channel() == OutboxMessage.Channel.EMAIL
                        && d.subject().startsWith("申请已收到"));
        assertThat(jdbc.queryForList(
                        "select concat(status, ' ', carrier) from outbox_message order by id", String.class))
                .containsExactly("SENT SMTP", "SENT DEV");
    }

    @Test
    void a_mail_server_that_is_down_leaves_the_email_pending_and_a_run_after_the_backoff_delivers_it_once()
            throws Exception {
        mail.stop();
        try {
            tx.executeWithoutResult(s -> outbox.email(null, "chen.wei@example.cn", "退款已完成", "退款 15.00 元已完成。"));
            relay.relay();
            assertThat(jdbc.queryForList(
                            "select concat(status, ' ', attempts, ' ', carrier is null) from outbox_message",
                            String.class))
                    .containsExactly("PENDING 1 1");
            assertThat(jdbc.queryForObject("select last_error from outbox_message", String.class))
                    .startsWith("MailSendException");
        } finally {
            mail = started();
        }
        relay.relay(); // within the backoff (1 s): not tried
        assertThat(jdbc.queryForList("select concat(status, ' ', attempts) from outbox_message", String.class))
                .containsExactly("PENDING 1");
        Thread.sleep(1200);
        relay.relay();
        relay.relay();
        assertThat(mail.waitForIncomingEmail(5000, 1)).isTrue();
        assertThat(mail.getReceivedMessages()).hasSize(1);
        assertThat(mail.getReceivedMessages()[0].getSubject()).isEqualTo("退款已完成");
        assertThat(jdbc.queryForList(
                        "select concat(status, ' ', attempts, ' ', carrier, ' ', last_error is null) from outbox_message",
                        String.class))
                .containsExactly("SENT 2 SMTP 1");
        assertThat(jdbc.queryForObject("select carrier_id from outbox_message", String.class))
                .isEqualTo(mail.getReceivedMessages()[0].getMessageID());
    }

    private static GreenMail started() {
        GreenMail g = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        g.start();
        return g;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
