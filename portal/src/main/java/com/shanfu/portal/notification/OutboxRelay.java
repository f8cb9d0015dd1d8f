package com.shanfu.portal.notification;

import com.shanfu.portal.privacy.Pii;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.PageRequest;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Hands pending outbox messages to their carriers, oldest first, and applies the carriers' delivery receipts that
 * waited for their message. A message no carrier took waits before the next try, twice as long each time
 * ({@code shanfu.notifications.retry-first}, at most {@code retry-cap}), and is given up after
 * {@link OutboxMessage#MAX_ATTEMPTS} tries. The first run comes one interval after the start, like every later one.
 */
@Component
class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxRepository messages;
    private final MessageGateway gateway;
    private final OutboxReceipts receipts;
    private final Pii pii;
    private final Clock clock;
    private final Duration retryFirst;
    private final Duration retryCap;

    OutboxRelay(
            OutboxRepository messages,
            MessageGateway gateway,
            OutboxReceipts receipts,
            Pii pii,
            Clock clock,
            @Value("${shanfu.notifications.retry-first:PT5S}") Duration retryFirst,
            @Value("${shanfu.notifications.retry-cap:PT10M}") Duration retryCap) {
        this.messages = messages;
        this.gateway = gateway;
        this.receipts = receipts;
        this.pii = pii;
        this.clock = clock;
        this.retryFirst = retryFirst;
        this.retryCap = retryCap;
    }

    @Scheduled(
            fixedDelayString = "${shanfu.notifications.relay-interval:500}",
            initialDelayString = "${shanfu.notifications.relay-interval:500}")
    @SchedulerLock(name = "outbox-relay", lockAtMostFor = "PT2M")
    @Transactional
    public void relay() {
        Instant now = clock.instant();
        for (OutboxMessage m : messages.findDue(now, PageRequest.of(0, 50))) {
            if (m.getRecipientEnc() == null) {
                m.abandoned();
                continue;
            }
            try {
                String text = m.getSecretEnc() == null ? m.getBody() : pii.decrypt(m.getSecretEnc());
                MessageGateway.Handover h = gateway.deliver(
                        m.getChannel(), pii.decrypt(m.getRecipientEnc()), m.getRecipientMasked(), m.getSubject(), text);
                m.sent(h, clock.instant());
            } catch (Exception e) {
                m.failed(reason(e), clock.instant(), retryFirst, retryCap);
                log.warn(
                        "outbox message {} not taken ({}), try {}; next at {}",
                        m.getId(),
                        e.getClass().getSimpleName(),
                        m.getAttempts(),
                        m.getNextAttemptAt());
            }
        }
        receipts.applyPending();
    }

    /** What the carrier said, without anything the message holds. */
    private static String reason(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName()
                + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }
}
