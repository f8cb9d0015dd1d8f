package com.shanfu.portal.notification;

/**
 * Where the relay hands a message over: an SMS centre or a mail server in production. Throwing means "not taken, try
 * again later".
 */
public interface MessageGateway {

    /** Which carrier took a message (SMTP, SMPP, DEV) and the id it gave it (its receipts name it), if any. */
    record Handover(String carrier, String carrierId) {}

    /** recipientMasked is how the recipient may be shown (logs, the dev outbox); recipient is where it goes. */
    Handover deliver(
            OutboxMessage.Channel channel, String recipient, String recipientMasked, String subject, String body)
            throws Exception;
}
