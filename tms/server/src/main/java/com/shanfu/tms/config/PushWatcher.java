package com.shanfu.tms.config;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Wakes the long polls held on this instance for tasks that another instance committed: one look into the database
 * every half second for the whole instance, instead of one per waiting terminal. It reads the pending tasks newer
 * than what it had seen a minute ago (ids are taken at insert and a long transaction commits late, so the look goes
 * back a minute, not just to the last id seen) and signals the terminals among them that wait here. A task committed
 * later than that is found by the terminal's next poll.
 */
@Component
class PushWatcher {

    static final Duration LOOK_BACK = Duration.ofSeconds(60);

    private final JdbcTemplate jdbc;
    private final TaskSignals signals;
    /** (nanoTime, highest task id then), oldest first. */
    private final Deque<long[]> seen = new ArrayDeque<>();

    private long floor = -1;

    PushWatcher(JdbcTemplate jdbc, TaskSignals signals) {
        this.jdbc = jdbc;
        this.signals = signals;
    }

    @Scheduled(fixedDelayString = "${shanfu.push.watch-millis:500}")
    synchronized void look() {
        long now = System.nanoTime();
        long highest = jdbc.queryForObject("select coalesce(max(id), 0) from push_task", Long.class);
        if (floor < 0) { // tasks from before this instance started are found by each poll's own first look
            floor = highest;
        }
        seen.addLast(new long[] {now, highest});
        while (seen.size() > 1 && now - seen.peekFirst()[0] > LOOK_BACK.toNanos()) {
            floor = seen.pollFirst()[1];
        }
        if (signals.waiting() == 0) {
            return;
        }
        Set<Long> waiting = signals.waitingDevices();
        jdbc.query(
                "select device_id from push_task where id > ? and status = 'PENDING'",
                rs -> {
                    long device = rs.getLong(1);
                    if (waiting.contains(device)) {
                        signals.signal(device);
                    }
                },
                floor);
    }
}
