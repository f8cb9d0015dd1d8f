package com.shanfu.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The phone people read their codes on, in the local run: the portal's dev gateway appends every message it delivers
 * to {@code messages.tsv} in this folder (time, channel, masked recipient, subject, text). The portal's outbox itself
 * keeps no code once a message has left, and its dev page is for admins only.
 */
public final class DevPhone {

    /** {@code SHANFU_DEV_PHONE_DIR}, as the portal was given it; the end-to-end stack's folder otherwise. */
    public static final Path DIR = System.getenv("SHANFU_DEV_PHONE_DIR") == null
            ? Path.of("target", "e2e", "phone")
            : Path.of(System.getenv("SHANFU_DEV_PHONE_DIR"));

    private static final Pattern OTP = Pattern.compile("(?:验证码是|code is)\\s*(\\d{6})");

    private DevPhone() {}

    /** The newest phone-proof code sent to this masked number since the moment given, waiting up to 30 s. */
    public static String otp(String maskedPhone, Instant since) {
        return await(maskedPhone, OTP, since);
    }

    /** The first group of the pattern in the newest SMS to this masked number since the moment, waiting up to 30 s. */
    public static String await(String maskedPhone, Pattern pattern, Instant since) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            List<String> lines = lines();
            for (int i = lines.size() - 1; i >= 0; i--) {
                String[] f = lines.get(i).split("\t", -1);
                if (f.length < 5
                        || !f[1].equals("SMS")
                        || !f[2].equals(maskedPhone)
                        || Instant.parse(f[0]).isBefore(since.minusSeconds(2))) {
                    continue;
                }
                Matcher m = pattern.matcher(f[4]);
                if (m.find()) {
                    return m.group(1);
                }
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no SMS to " + maskedPhone + " matching " + pattern + " in " + DIR + " within 30 s");
    }

    /** A mainland mobile as people see it written: 138****8000. */
    public static String mask(String mobile) {
        return mobile.length() == 11 ? mobile.substring(0, 3) + "****" + mobile.substring(7) : mobile;
    }

    /**
     * Appends a message to the phone's inbox in {@code dir}: time, channel, masked recipient, subject, text, the format
     * the portal's dev gateway writes too.
     */
    public static synchronized void deliver(
            Path dir, Instant at, String channel, String masked, String subject, String text) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("messages.tsv"),
                String.join("\t", at.toString(), channel, masked, oneLine(subject), oneLine(text)) + "\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    /** Every SMS text to this masked number, oldest first. */
    public static List<String> texts(String maskedPhone) {
        return lines().stream()
                .map(l -> l.split("\t", -1))
                .filter(f -> f.length >= 5 && f[1].equals("SMS") && f[2].equals(maskedPhone))
                .map(f -> f[4])
                .toList();
    }

    private static List<String> lines() {
        Path file = DIR.resolve("messages.tsv");
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
