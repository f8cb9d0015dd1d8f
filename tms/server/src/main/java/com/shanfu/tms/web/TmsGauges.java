package com.shanfu.tms.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * What the fleet and the books look like, as gauges ({@code /actuator/prometheus}): terminals online (active and
 * heard from within {@code shanfu.devices.silent-after}), push tasks by state, and the differences the last books
 * check found. Counted by each instance every 15 s (a scrape never waits on the database); the same on every
 * instance, so a dashboard takes the maximum, not the sum. docs/operations.md, "Metrics".
 */
@Component
class TmsGauges {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration silentAfter;
    private final AtomicLong online = new AtomicLong();
    private final AtomicLong booksDifferences = new AtomicLong();
    private final MultiGauge tasks;

    TmsGauges(
            JdbcTemplate jdbc,
            Clock clock,
            MeterRegistry registry,
            @Value("${shanfu.devices.silent-after}") Duration silentAfter) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.silentAfter = silentAfter;
        Gauge.builder("shanfu.terminals.online", online, AtomicLong::get)
                .description("active terminals heard from within shanfu.devices.silent-after")
                .register(registry);
        Gauge.builder("shanfu.books.differences", booksDifferences, AtomicLong::get)
                .description("differences the last books check found (0: the books balance)")
                .register(registry);
        this.tasks = MultiGauge.builder("shanfu.push.tasks")
                .description("push tasks by state")
                .register(registry);
    }

    @Scheduled(
            fixedDelayString = "${shanfu.metrics.count-every:15000}",
            initialDelayString = "${shanfu.metrics.count-every:15000}")
    void count() {
        online.set(jdbc.queryForObject(
                "select count(*) from device where status = 'ACTIVE' and last_seen_at >= ?",
                Long.class,
                Timestamp.from(clock.instant().minus(silentAfter))));
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        jdbc.query("select status, count(*) from push_task group by status", rs -> {
            rows.add(MultiGauge.Row.of(Tags.of("state", rs.getString(1)), rs.getLong(2)));
        });
        tasks.register(rows, true);
        booksDifferences.set(
                jdbc
                        .query(
                                "select differences from books_check_run order by id desc limit 1",
                                (rs, i) -> rs.getLong(1))
                        .stream()
                        .findFirst()
                        .orElse(0L));
    }
}
