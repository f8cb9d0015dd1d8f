package com.shanfu.portal.notification;

import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * The relay's gateway: each channel to what carries it. Email goes to the mail server when
 * {@code shanfu.notifications.email=smtp} ({@link SmtpMail}), otherwise, like SMS, to the local run's dev gateway
 * (the phones and mailboxes of the demo). A channel with nothing to carry it is an error the relay retries and
 * logs, never a message dropped in silence.
 */
@Component
@Primary
class MessageRouter implements MessageGateway {

    private final Optional<SmtpMail> smtp;
    private final Optional<DevMessageGateway> dev;

    MessageRouter(ObjectProvider<SmtpMail> smtp, ObjectProvider<DevMessageGateway> dev) {
        this.smtp = Optional.ofNullable(smtp.getIfAvailable());
        this.dev = Optional.ofNullable(dev.getIfAvailable());
    }

    @Override
    public void deliver(
            OutboxMessage.Channel channel, String recipient, String recipientMasked, String subject, String body)
            throws Exception {
        if (channel == OutboxMessage.Channel.EMAIL && smtp.isPresent()) {
            smtp.get().send(recipient, subject, body);
            return;
        }
        if (dev.isEmpty()) {
            throw new IllegalStateException("no gateway carries " + channel + " (shanfu.notifications.gateway)");
        }
        dev.get().deliver(channel, recipient, recipientMasked, subject, body);
    }
}
