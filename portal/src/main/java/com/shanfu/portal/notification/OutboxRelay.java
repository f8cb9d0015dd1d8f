package com.shanfu.portal.notification;

import com.shanfu.portal.privacy.Pii;
import java.time.Clock;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.PageRequest;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Delivers pending outbox messages in order; a failed delivery stays pending and is tried again, up to a limit. */
@Component
class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxRepository messages;
    private final MessageGateway gateway;
    private final Pii pii;
    private final Clock clock;

    OutboxRelay(OutboxRepository messages, MessageGateway gateway, Pii pii, Clock clock) {
        this.messages = messages;
        this.gateway = gateway;
        this.pii = pii;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${shanfu.notifications.relay-interval:500}")
    @SchedulerLock(name = "outbox-relay", lockAtMostFor = "PT2M")
    @Transactional
    public void relay() {
        for (OutboxMessage m : messages.findByStatusOrderByIdAsc(OutboxMessage.Status.PENDING, PageRequest.of(0, 50))) {
            if (m.getRecipientEnc() == null) {
                m.failed(); // erased before it left: nobody to send it to
                continue;
            }
            try {
                String text = m.getSecretEnc() == null ? m.getBody() : pii.decrypt(m.getSecretEnc());
                gateway.deliver(
                        m.getChannel(), pii.decrypt(m.getRecipientEnc()), m.getRecipientMasked(), m.getSubject(), text);
                m.sent(clock.instant());
            } catch (Exception e) {
                log.warn(
                        "outbox message {} not delivered ({}); will retry",
                        m.getId(),
                        e.getClass().getSimpleName());
                m.failed();
            }
        }
    }
}
