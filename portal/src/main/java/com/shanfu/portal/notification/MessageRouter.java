package com.shanfu.portal.notification;

import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * The relay's gateway: each channel to what carries it. Email goes to the mail server when
 * {@code shanfu.notifications.email=smtp} ({@link SmtpMail}), SMS to the SMS centre when
 * {@code shanfu.notifications.sms=smpp} ({@link SmppSms}); otherwise a channel goes to the local run's dev gateway
 * (the phones and mailboxes of the demo). A channel with nothing to carry it is an error the relay retries and logs,
 * never a message dropped in silence.
 */
@Component
@Primary
class MessageRouter implements MessageGateway {

    private final Optional<SmtpMail> smtp;
    private final Optional<SmppSms> smpp;
    private final Optional<DevMessageGateway> dev;

    MessageRouter(ObjectProvider<SmtpMail> smtp, ObjectProvider<SmppSms> smpp, ObjectProvider<DevMessageGateway> dev) {
        this.smtp = Optional.ofNullable(smtp.getIfAvailable());
        this.smpp = Optional.ofNullable(smpp.getIfAvailable());
        this.dev = Optional.ofNullable(dev.getIfAvailable());
    }

    @Override
    public Handover deliver(
            OutboxMessage.Channel channel, String recipient, String recipientMasked, String subject, String body)
            throws Exception {
        if (channel == OutboxMessage.Channel.EMAIL && smtp.isPresent()) {
            return new Handover("SMTP", smtp.get().send(recipient, subject, body));
        }
        if (channel == OutboxMessage.Channel.SMS && smpp.isPresent()) {
            return new Handover("SMPP", smpp.get().send(recipient, body));
        }
        if (dev.isEmpty()) {
            throw new IllegalStateException("no gateway carries " + channel + " (shanfu.notifications.gateway)");
        }
        return dev.get().deliver(channel, recipient, recipientMasked, subject, body);
    }
}
