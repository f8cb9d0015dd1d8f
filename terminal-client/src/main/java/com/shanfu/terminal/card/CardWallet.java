package com.shanfu.terminal.card;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * Where the software cards keep their application transaction counter (ATC) between taps. A real card carries its
 * counter on its chip, whichever terminal it is tapped on, and the issuer refuses a counter it has seen before; so
 * the software cards keep theirs in one place on the machine, shared by every terminal process and thread: one file
 * per card, changed under a file lock. The folder is {@code SHANFU_CARD_WALLET} (or the system property
 * {@code shanfu.card-wallet}), else {@code ~/.shanfu/cards}.
 */
public final class CardWallet {

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path dir;

    public CardWallet(Path dir) {
        this.dir = dir;
    }

    public static CardWallet shared() {
        String configured = System.getProperty("shanfu.card-wallet", System.getenv("SHANFU_CARD_WALLET"));
        return new CardWallet(
                configured != null && !configured.isBlank()
                        ? Path.of(configured)
                        : Path.of(System.getProperty("user.home"), ".shanfu", "cards"));
    }

    /** The card's counter: each call moves it on by one and returns the new value (1 the first time). */
    public IntSupplier counter(String cardName) {
        if (!cardName.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("card name " + cardName);
        }
        Path file = dir.resolve(cardName + ".atc");
        return () -> next(file);
    }

    private static int next(Path file) {
        ReentrantLock lock = IN_PROCESS.computeIfAbsent(file.toAbsolutePath(), f -> new ReentrantLock());
        lock.lock(); // a file lock is held per process: threads of this one queue here first
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(
                            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    FileLock ignored = ch.lock()) {
                ByteBuffer buf = ByteBuffer.allocate(32);
                ch.read(buf, 0);
                String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
                int atc = (text.isEmpty() ? 0 : Integer.parseInt(text)) + 1;
                if (atc > 0xFFFF) {
                    throw new IllegalStateException("the card's transaction counter is used up (65535 taps)");
                }
                byte[] out = (atc + "\n").getBytes(StandardCharsets.US_ASCII);
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(out), 0);
                ch.force(false);
                return atc;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("card counter " + file, e);
        } finally {
            lock.unlock();
        }
    }
}
