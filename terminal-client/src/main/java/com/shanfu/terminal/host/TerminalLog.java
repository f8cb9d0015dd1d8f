package com.shanfu.terminal.host;

import com.shanfu.protocol.management.LogUpload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The terminal's own log, in its home: one line per event (a sale's outcome, a sign-on, a settlement, a task, a
 * failure to reach the host), each redacted before it is written ({@link LogUpload#redact}: no card number beyond the
 * receipt's mask, no track data, no key, PIN block or cryptogram). It is bounded: past {@link #ROLL_BYTES} the file
 * becomes {@code terminal.log.1} (the one before is dropped), so the log never holds more than twice that. The CLI,
 * the cashier's screen and the agent may write at once: a file lock orders them.
 */
public final class TerminalLog {

    static final String FILE = "terminal.log";
    static final String PREVIOUS = "terminal.log.1";
    static final long ROLL_BYTES = 256 * 1024;
    private static final String LOCK = "terminal.log.lock";

    private final Path home;
    private final Clock clock;

    public TerminalLog(Path home, Clock clock) {
        this.home = home;
        this.clock = clock;
    }

    public void info(String event) {
        write("INFO", event);
    }

    public void warn(String event) {
        write("WARN", event);
    }

    /** Writes one line; a log that cannot be written never stops a sale (the event is lost, the sale is not). */
    void write(String level, String event) {
        String line = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS) + " " + level + " "
                + LogUpload.redact(event.replaceAll("[\\r\\n]+", " ")).text() + "\n";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(home);
            try (FileChannel lock =
                            FileChannel.open(home.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lock.lock()) {
                Path file = home.resolve(FILE);
                if (Files.exists(file) && Files.size(file) + bytes.length > ROLL_BYTES) {
                    Files.move(file, home.resolve(PREVIOUS), StandardCopyOption.REPLACE_EXISTING);
                }
                try (FileChannel out = FileChannel.open(
                        file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    out.write(ByteBuffer.wrap(bytes));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("terminal log not written: " + e.getMessage());
        }
    }

    /**
     * The last {@code maxBytes} of the log (the previous file first), starting at a whole line, redacted once more
     * (a log written by an older version, or edited by hand, is no exception).
     */
    public String tail(int maxBytes) throws IOException {
        byte[] previous = read(home.resolve(PREVIOUS));
        byte[] current = read(home.resolve(FILE));
        byte[] all = new byte[previous.length + current.length];
        System.arraycopy(previous, 0, all, 0, previous.length);
        System.arraycopy(current, 0, all, previous.length, current.length);
        int from = Math.max(0, all.length - maxBytes);
        if (from > 0) { // start after the first line break: no half line, no half character
            while (from < all.length && all[from - 1] != '\n') {
                from++;
            }
        }
        String text = new String(all, from, all.length - from, StandardCharsets.UTF_8);
        return LogUpload.redact(text).text();
    }

    private static byte[] read(Path p) throws IOException {
        return Files.exists(p) ? Files.readAllBytes(p) : new byte[0];
    }
}
