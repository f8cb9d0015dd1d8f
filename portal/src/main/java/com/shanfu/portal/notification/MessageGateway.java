package com.shanfu.portal.notification;

/**
 * Where the relay hands a message over: an SMS provider or a mail server in production. Throwing means "not
 * delivered, try again".
 */
public interface MessageGateway {

    /** recipientMasked is how the recipient may be shown (logs, the dev outbox); recipient is where it goes. */
    void deliver(OutboxMessage.Channel channel, String recipient, String recipientMasked, String subject, String body)
            throws Exception;
}
