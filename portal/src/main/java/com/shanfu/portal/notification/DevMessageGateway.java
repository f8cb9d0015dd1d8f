package com.shanfu.portal.notification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The local run's gateway: nothing leaves the machine; the message is read on the dev outbox page
 * ({@code /dev/outbox}). Only the channel and message id are logged, never the recipient or the text (codes!).
 */
@Component
@ConditionalOnProperty(name = "shanfu.notifications.gateway", havingValue = "dev", matchIfMissing = true)
class DevMessageGateway implements MessageGateway {

    private static final Logger log = LoggerFactory.getLogger(DevMessageGateway.class);

    @Override
    public void deliver(OutboxMessage.Channel channel, String recipient, String subject, String body) {
        log.debug("{} kept in the dev outbox", channel);
    }
}
