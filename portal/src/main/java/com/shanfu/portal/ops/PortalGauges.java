package com.shanfu.portal.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The staff's queue and the outbox as gauges ({@code /actuator/prometheus}): applications waiting in KYC by status
 * (submitted, verifying, awaiting the call, information requested) and messages not yet sent. Counted by each
 * instance every 15 s (a scrape never waits on the database); the same on every instance, so a dashboard takes the
 * maximum, not the sum. docs/operations.md, "Metrics".
 */
@Component
class PortalGauges {

    private static final List<String> QUEUE = List.of("SUBMITTED", "VERIFYING", "AWAITING_CALL", "INFO_REQUESTED");

    private final JdbcTemplate jdbc;
    private final AtomicLong outbox = new AtomicLong();
    private final MultiGauge queue;

    PortalGauges(JdbcTemplate jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        Gauge.builder("shanfu.outbox.pending", outbox, AtomicLong::get)
                .description("SMS and email messages waiting to be sent")
                .register(registry);
        this.queue = MultiGauge.builder("shanfu.kyc.queue")
                .description("applications waiting in KYC, by status")
                .register(registry);
    }

    @Scheduled(
            fixedDelayString = "${shanfu.metrics.count-every:15000}",
            initialDelayString = "${shanfu.metrics.count-every:15000}")
    void count() {
        outbox.set(jdbc.queryForObject("select count(*) from outbox_message where status = 'PENDING'", Long.class));
        Map<String, Long> waiting = new LinkedHashMap<>();
        QUEUE.forEach(status -> waiting.put(status, 0L)); // a status nobody is in shows 0, not nothing
        jdbc.query(
                "select status, count(*) from application where status in ("
                        + String.join(",", java.util.Collections.nCopies(QUEUE.size(), "?")) + ") group by status",
                rs -> {
                    waiting.put(rs.getString(1), rs.getLong(2));
                },
                QUEUE.toArray());
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        waiting.forEach((status, n) -> rows.add(MultiGauge.Row.of(Tags.of("status", status), n)));
        queue.register(rows, true);
    }
}
