package com.shanfu.portal.notification;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The local run's gateway, standing in for the phones and mailboxes: nothing leaves the machine. It keeps the newest
 * messages as the recipient got them, in memory (the admins' dev outbox page shows them in the local profile), and,
 * when {@code shanfu.notifications.dev-phone-dir} is set, appends each to {@code messages.tsv} there, where the
 * end-to-end tests and the demo read the codes a person would read on their phone. Only the channel is logged, never
 * the recipient or the text (codes!).
 */
@Component
@ConditionalOnProperty(name = "shanfu.notifications.gateway", havingValue = "dev", matchIfMissing = true)
public class DevMessageGateway implements MessageGateway {

    /** One message as its recipient received it. */
    public record Delivered(Instant at, OutboxMessage.Channel channel, String to, String subject, String text) {}

    private static final Logger log = LoggerFactory.getLogger(DevMessageGateway.class);
    private static final int KEPT = 500;

    private final Deque<Delivered> newestFirst = new ArrayDeque<>();
    private final Path phoneDir;
    private final Clock clock;

    DevMessageGateway(@Value("${shanfu.notifications.dev-phone-dir:}") String phoneDir, Clock clock) {
        this.phoneDir = phoneDir.isBlank() ? null : Path.of(phoneDir);
        this.clock = clock;
    }

    @Override
    public synchronized Handover deliver(
            OutboxMessage.Channel channel, String recipient, String recipientMasked, String subject, String body)
            throws IOException {
        Delivered d = new Delivered(clock.instant(), channel, recipientMasked, subject, body);
        if (phoneDir != null) {
            Files.createDirectories(phoneDir);
            Files.writeString(
                    phoneDir.resolve("messages.tsv"),
                    String.join(
                                    "\t",
                                    d.at().toString(),
                                    channel.name(),
                                    String.valueOf(recipientMasked),
                                    oneLine(subject),
                                    oneLine(body))
                            + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        newestFirst.addFirst(d);
        while (newestFirst.size() > KEPT) {
            newestFirst.removeLast();
        }
        log.debug("{} delivered to the dev phone", channel);
        return new Handover("DEV", null);
    }

    /** The newest messages first. */
    public synchronized List<Delivered> delivered() {
        return new ArrayList<>(newestFirst);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
