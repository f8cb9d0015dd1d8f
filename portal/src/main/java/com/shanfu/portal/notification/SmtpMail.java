package com.shanfu.portal.notification;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Email as it leaves the building: each message handed to the mail server over SMTP (Spring Mail; the server, port,
 * credentials and STARTTLS are Spring Boot's {@code spring.mail.*} settings) as a UTF-8 text message from
 * {@code shanfu.notifications.mail-from}. A refusal by the server throws, and the relay tries the message again.
 * Only the channel is logged, never the address or the text.
 */
@Component
@ConditionalOnProperty(name = "shanfu.notifications.email", havingValue = "smtp")
public class SmtpMail {

    private static final Logger log = LoggerFactory.getLogger(SmtpMail.class);

    private final JavaMailSender sender;
    private final InternetAddress from;

    SmtpMail(JavaMailSender sender, @Value("${shanfu.notifications.mail-from}") String from) throws Exception {
        this.sender = sender;
        this.from = new InternetAddress(from, true);
    }

    /** The message's Message-ID, as the mail server got it. */
    String send(String to, String subject, String body) throws Exception {
        MimeMessage m = sender.createMimeMessage();
        MimeMessageHelper h = new MimeMessageHelper(m, false, StandardCharsets.UTF_8.name());
        h.setFrom(from);
        h.setTo(new InternetAddress(to, true));
        h.setSubject(subject == null ? "" : subject);
        h.setText(body == null ? "" : body, false);
        sender.send(m);
        log.debug("EMAIL handed to the mail server");
        return m.getMessageID();
    }
}
