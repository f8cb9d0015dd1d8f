package com.shanfu.portal.notification;

/**
 * Where the relay hands a message over: an SMS provider or a mail server in production. Throwing means "not
 * delivered, try again".
 */
public interface MessageGateway {

    void deliver(OutboxMessage.Channel channel, String recipient, String subject, String body) throws Exception;
}
