package com.shanfu.portal.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Carriers' delivery receipts. Each is written down as it arrives (the same receipt twice is one row), then applied to
 * the outbox message the carrier gave that id: DELIVRD makes it DELIVERED, a final failure (UNDELIV, EXPIRED,
 * REJECTD, DELETED, UNKNOWN) UNDELIVERED with the state as the reason. A receipt can arrive before the relay's
 * transaction that handed its message over has committed; it stays unapplied until the relay's next run finds the
 * message. States on the way (ENROUTE, ACCEPTD) change nothing.
 */
@Component
public class OutboxReceipts {

    private static final Logger log = LoggerFactory.getLogger(OutboxReceipts.class);
    static final Set<String> FAILED = Set.of("UNDELIV", "EXPIRED", "REJECTD", "DELETED", "UNKNOWN");
    /** A receipt for no message of ours (another system's id, a message erased) is looked for this long. */
    private static final Duration LOOKED_FOR = Duration.ofDays(2);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    OutboxReceipts(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public void record(String carrier, String carrierId, String state, Instant at) {
        if (!state.equals("DELIVRD") && !FAILED.contains(state)) {
            return;
        }
        jdbc.update(
                "insert ignore into outbox_receipt (carrier, carrier_id, state, received_at) values (?, ?, ?, ?)",
                carrier,
                carrierId,
                state,
                Timestamp.from(at));
        if (apply(carrier, carrierId, state, Timestamp.from(clock.instant()))) {
            jdbc.update(
                    "update outbox_receipt set applied_at = ? where carrier = ? and carrier_id = ? and state = ?",
                    Timestamp.from(clock.instant()),
                    carrier,
                    carrierId,
                    state);
        }
    }

    /** Applies every receipt whose message is there now; the number applied. */
    @Transactional
    public int applyPending() {
        List<Map<String, Object>> waiting = jdbc.queryForList(
                "select id, carrier, carrier_id, state from outbox_receipt"
                        + " where applied_at is null and received_at > ? order by id limit 500",
                Timestamp.from(clock.instant().minus(LOOKED_FOR)));
        int applied = 0;
        Timestamp now = Timestamp.from(clock.instant());
        for (Map<String, Object> r : waiting) {
            if (apply((String) r.get("carrier"), (String) r.get("carrier_id"), (String) r.get("state"), now)) {
                jdbc.update("update outbox_receipt set applied_at = ? where id = ?", now, r.get("id"));
                applied++;
            }
        }
        if (applied > 0) {
            log.debug("{} delivery receipts applied", applied);
        }
        return applied;
    }

    /** Whether the message with that carrier's id was there, handed over, and now carries the receipt's word. */
    private boolean apply(String carrier, String carrierId, String state, Timestamp now) {
        boolean delivered = state.equals("DELIVRD");
        int changed = jdbc.update(
                "update outbox_message set status = ?, delivered_at = ?, last_error = ?"
                        + " where carrier = ? and carrier_id = ? and status = 'SENT'",
                delivered ? "DELIVERED" : "UNDELIVERED",
                delivered ? now : null,
                delivered ? null : "the carrier's receipt says " + state,
                carrier,
                carrierId);
        return changed > 0 // or it already had its carrier's last word: the same receipt again
                || jdbc.queryForObject(
                                "select count(*) from outbox_message where carrier = ? and carrier_id = ?"
                                        + " and status in ('DELIVERED', 'UNDELIVERED')",
                                Integer.class,
                                carrier,
                                carrierId)
                        > 0;
    }
}
