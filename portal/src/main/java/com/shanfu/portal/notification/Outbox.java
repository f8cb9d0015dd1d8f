package com.shanfu.portal.notification;

import com.shanfu.portal.privacy.Pii;
import java.time.Clock;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The notification outbox. {@link #sms} and {@link #email} join the caller's transaction, so a message exists exactly
 * when the change it announces was committed; {@link OutboxRelay} delivers it afterwards, at least once.
 */
@Service
public class Outbox {

    private final OutboxRepository messages;
    private final Pii pii;
    private final Clock clock;

    Outbox(OutboxRepository messages, Pii pii, Clock clock) {
        this.messages = messages;
        this.pii = pii;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void sms(Long applicationId, String phone, String masked, String body) {
        messages.save(new OutboxMessage(
                applicationId, OutboxMessage.Channel.SMS, pii.encrypt(phone), masked, null, body, clock.instant()));
    }

    /**
     * An SMS that carries a one-time code (activation, verification). The outbox keeps the text only encrypted and
     * only until the message leaves; what stays is the text with the code blanked out.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void smsWithCode(Long applicationId, String phone, String masked, String text, String code) {
        if (code == null || code.isEmpty() || !text.contains(code)) {
            throw new IllegalArgumentException("the text does not hold the code");
        }
        messages.save(new OutboxMessage(
                        applicationId,
                        OutboxMessage.Channel.SMS,
                        pii.encrypt(phone),
                        masked,
                        null,
                        redact(text, code),
                        clock.instant())
                .withSecret(pii.encrypt(text)));
    }

    /** The text as it stays once sent: the code replaced by as many dots. */
    public static String redact(String text, String code) {
        return text.replace(code, "•".repeat(code.length()));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void email(Long applicationId, String address, String subject, String body) {
        messages.save(new OutboxMessage(
                applicationId,
                OutboxMessage.Channel.EMAIL,
                pii.encrypt(address),
                maskEmail(address),
                subject,
                body,
                clock.instant()));
    }

    @Transactional(readOnly = true)
    public List<OutboxMessage> latest(int count) {
        return messages.findAllByOrderByIdDesc(PageRequest.of(0, count));
    }

    @Transactional(readOnly = true)
    public List<OutboxMessage> forApplication(long applicationId) {
        return messages.findByApplicationIdOrderByIdAsc(applicationId);
    }

    /** Withdrawal: the messages stay as a record of what was said, without whom it was said to (once delivered). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void eraseRecipients(long applicationId) {
        messages.findByApplicationIdOrderByIdAsc(applicationId).forEach(OutboxMessage::eraseRecipientOnceSent);
    }

    public static String maskEmail(String address) {
        int at = address.indexOf('@');
        return at <= 1 ? "***" + address.substring(Math.max(at, 0)) : address.charAt(0) + "***" + address.substring(at);
    }
}
