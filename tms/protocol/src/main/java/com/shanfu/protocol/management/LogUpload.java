package com.shanfu.protocol.management;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /api/terminal/v1/tasks/{id}/log}: a terminal's recent log, asked for by a {@code LOG_UPLOAD} task, as
 * UTF-8 text of at most {@link #MAX_BYTES}. The terminal redacts each line before it writes it and the whole text again
 * before it sends it; the TMS redacts what it receives once more before it keeps it (docs/fleet.md, "Remote
 * diagnostics"). Sending the log of the same task again replaces it.
 */
public final class LogUpload {

    public static final String PATH = "/api/terminal/v1/tasks/{id}/log";
    /** The most a terminal sends and the TMS takes: 256 KiB. */
    public static final int MAX_BYTES = 256 * 1024;
    /** What a task asks for when it names no size: the last 64 KiB. */
    public static final int DEFAULT_BYTES = 64 * 1024;
    /** The smallest size a task may ask for. */
    public static final int MIN_BYTES = 1024;

    private LogUpload() {}

    /** The text with card data and key material replaced, and how many replacements were made. */
    public record Redacted(String text, int replaced) {}

    // track 2 equivalent data with '=' as its separator (with 'D' it is one hex run, below)
    private static final Pattern TRACK2 = Pattern.compile("(?<![0-9A-Za-z])\\d{12,19}=\\d{4,}");
    // a run of hex digits long enough to be a PAN, a key, a PIN block, a cryptogram or track data
    private static final Pattern LONG_HEX = Pattern.compile("(?<![0-9A-Za-z])[0-9A-Fa-f]{13,}(?![0-9A-Za-z])");

    /**
     * Replaces what must never leave a terminal in a log: a card number (13 to 19 digits passing the Luhn check) is
     * masked to its first six and last four digits, as on a receipt; track 2 data becomes {@code [track2]}; any other
     * run of 16 or more hex digits (keys, PIN blocks, cryptograms, key check material, hashes) becomes
     * {@code [hex:N]}. Shorter numbers (amounts, traces, RRNs, TIDs, MIDs, dates) stay.
     */
    public static Redacted redact(String text) {
        int[] replaced = {0};
        String out = TRACK2.matcher(text).replaceAll(m -> {
            replaced[0]++;
            return "[track2]";
        });
        Matcher m = LONG_HEX.matcher(out);
        StringBuilder b = new StringBuilder(out.length());
        while (m.find()) {
            String run = m.group();
            String with;
            if (run.chars().allMatch(Character::isDigit)
                    && run.length() <= 19
                    && com.shanfu.protocol.emv.Luhn.valid(run)) {
                with = run.substring(0, 6) + "*".repeat(run.length() - 10) + run.substring(run.length() - 4);
            } else if (run.length() >= 16) {
                with = "[hex:" + run.length() + "]";
            } else {
                with = run; // 13-15 digits or hex that is no card number: a timestamp, a reference
            }
            if (!with.equals(run)) {
                replaced[0]++;
            }
            m.appendReplacement(b, Matcher.quoteReplacement(with));
        }
        m.appendTail(b);
        return new Redacted(b.toString(), replaced[0]);
    }
}
