package com.shanfu.tms.host;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The host's answers as metrics ({@code /actuator/prometheus}): {@code shanfu_host_requests_seconds}, a histogram of
 * the time from a request read off the channel to its answer sent, by message type (purchase, void, refund,
 * reversal, sign-on, settlement, batch-upload, ca-keys, aid-parameters, ...) and response code. Settlements answered
 * 95 are the terminals' totals that differed from the journal. docs/operations.md, "Metrics".
 */
@Component
class HostMetrics {

    private static final Pattern RESPONSE_CODE = Pattern.compile("[0-9A-Z]{2}");
    private static final Pattern PLAIN = Pattern.compile("[0-9A-Za-z]{1,16}");

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    HostMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void answered(String type, String rc, Long receivedAtNanos) {
        if (receivedAtNanos == null) {
            return;
        }
        if (rc == null || !RESPONSE_CODE.matcher(rc).matches()) {
            rc = "other"; // a code the host never sets: the tag stays a small set whatever a request carries
        }
        timers.computeIfAbsent(
                        type + ' ' + rc,
                        k -> Timer.builder("shanfu.host.requests")
                                .description("ISO 8583 requests answered, from read to answer sent")
                                .tag("type", type)
                                .tag("rc", k.substring(k.indexOf(' ') + 1))
                                .publishPercentileHistogram()
                                .minimumExpectedValue(Duration.ofMillis(1))
                                .maximumExpectedValue(Duration.ofSeconds(30))
                                .register(registry))
                .record(System.nanoTime() - receivedAtNanos, TimeUnit.NANOSECONDS);
    }

    /** A terminal-given value as it may appear in a log or a metric: short and plain, else "invalid". */
    static String loggable(String value) {
        return value == null ? "-" : PLAIN.matcher(value).matches() ? value : "invalid";
    }
}
