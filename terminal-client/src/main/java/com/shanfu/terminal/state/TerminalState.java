package com.shanfu.terminal.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the terminal remembers between commands, in {@code --home}/terminal.state: JSON encrypted with
 * AES-256-GCM under the terminal's state key ({@link StateCipher}), owner-only permissions, written atomically so a
 * crash never leaves half a file.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class TerminalState {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
    private static final String FILE = "terminal.state";
    private static final String LEGACY_FILE = "terminal.json";

    public String serial;
    public String tmsUrl;
    public String tid;
    public String mid;
    public String merchantName;
    public String hostAddress;
    public int hostPort;
    /** The CA certificate (PEM) the TMS handed over at activation: the only trust anchor of the financial channel. */
    public String hostCa;
    public String deviceCredential;
    public String devicePrivateKey;
    public String tmk;
    public String tmkKcv;
    public String pinKey;
    public String macKey;
    public String dataKey;
    public Instant signedOnAt;
    /** The last sign-on counter spent: every sign-on carries a higher one (the host refuses a replay). */
    public long signOnCounter;
    public int hostTimeoutMillis = 30_000;
    public PendingReversal pendingReversal;
    public int batch = 1;
    public int stan;
    public List<Transaction> transactions = new ArrayList<>();
    public List<SettledBatch> settledBatches = new ArrayList<>();
    /** No longer written: software cards keep their counters in the machine's CardWallet; read from older files. */
    public Map<String, Integer> cardAtc = new HashMap<>();
    /** The configuration pushed by the TMS (docs/protocol.md, "Push tasks") and its version; empty: defaults. */
    public Map<String, Object> config = new HashMap<>();
    public int configVersion;
    /** CA public keys and AID parameters from the last parameter download (docs/protocol.md). */
    public List<com.shanfu.protocol.iso.Parameters.CaKey> caKeys = new ArrayList<>();
    public List<com.shanfu.protocol.iso.Parameters.Aid> aidParameters = new ArrayList<>();
    public Instant parametersAt;
    /** Tasks received but held back (software while a sale was in progress), applied at a later round. */
    public List<DeferredTask> deferredTasks = new ArrayList<>();

    public record DeferredTask(long id, String type, String payload) {
    }

    /** The software version this terminal runs (a SOFTWARE task changes it between transactions). */
    public String softwareVersion;

    public record Transaction(int stan, int batch, String kind, long amountFen, String maskedPan, String cardLabel,
                              String responseCode, String authCode, String rrn, Instant at, boolean reversed,
                              boolean voided, Integer originalBatch, Integer originalStan) {
        public static final String PURCHASE = "PURCHASE";
        public static final String VOID = "VOID";
        public static final String REFUND = "REFUND";

        public static Transaction of(int stan, int batch, String kind, long amountFen, String maskedPan, String cardLabel,
                                     String responseCode, String authCode, String rrn, Instant at) {
            return new Transaction(stan, batch, kind, amountFen, maskedPan, cardLabel, responseCode, authCode, rrn, at,
                    false, false, null, null);
        }

        /** Approved by the host and neither reversed nor voided since: what the batch totals count. */
        public boolean approved() {
            return "00".equals(responseCode) && !reversed && !voided;
        }

        public Transaction against(Transaction original) {
            return new Transaction(stan, batch, kind, amountFen, maskedPan, cardLabel, responseCode, authCode, rrn, at,
                    reversed, voided, original.batch(), original.stan());
        }

        Transaction asReversed() {
            return new Transaction(stan, batch, kind, amountFen, maskedPan, cardLabel, responseCode, authCode, rrn, at,
                    true, voided, originalBatch, originalStan);
        }

        Transaction asVoided() {
            return new Transaction(stan, batch, kind, amountFen, maskedPan, cardLabel, responseCode, authCode, rrn, at,
                    reversed, true, originalBatch, originalStan);
        }
    }

    /** The e-receipt token the host gave each approved transaction (field 63), by "batch:stan". */
    public Map<String, String> receiptTokens = new HashMap<>();

    public java.util.Optional<String> receiptToken(Transaction t) {
        return java.util.Optional.ofNullable(receiptTokens.get(t.batch() + ":" + t.stan()));
    }

    /** Void or refund requests sent without a trustworthy answer: key → the STAN to repeat them with. */
    public Map<String, Integer> inFlight = new HashMap<>();

    /**
     * Refund tasks already carried out, by task id, with what was reported ("APPLIED|detail" or "FAILED|detail"):
     * a task delivered again after its report was lost is reported again, never refunded twice. Written in the same
     * save as the refund itself.
     */
    public Map<Long, String> finishedRefundTasks = new HashMap<>();

    public void voided(int stan, int batch) {
        transactions.replaceAll(t -> t.stan() == stan && t.batch() == batch ? t.asVoided() : t);
    }

    /** The purchase with this trace number: in the given batch, or the newest one. */
    public java.util.Optional<Transaction> purchase(int stan, Integer batch) {
        return transactions.stream()
                .filter(t -> Transaction.PURCHASE.equals(t.kind()) && t.stan() == stan && (batch == null || t.batch() == batch))
                .reduce((a, b) -> b);
    }

    /** What is left to refund of a purchase, by this terminal's own records (the host checks again). */
    public long refundable(Transaction purchase) {
        if (!purchase.approved()) {
            return 0;
        }
        long refunded = transactions.stream().filter(t -> Transaction.REFUND.equals(t.kind()) && "00".equals(t.responseCode())
                        && Integer.valueOf(purchase.batch()).equals(t.originalBatch())
                        && Integer.valueOf(purchase.stan()).equals(t.originalStan()))
                .mapToLong(Transaction::amountFen).sum();
        return purchase.amountFen() - refunded;
    }

    /**
     * A sale whose answer never came: written down before the request left, reversed before any new transaction.
     * Holds no PAN; TID + batch + STAN name the original at the host.
     */
    public record PendingReversal(int stan, int batch, long amountFen, String iccDataHex, String reason, Instant at) {
    }

    /** Marks the transaction reversed once the host acknowledged the reversal. */
    public void reversed(int stan, int batch) {
        transactions.replaceAll(t -> t.stan() == stan && t.batch() == batch ? t.asReversed() : t);
    }

    /** A closed batch; when it did not balance, the host reconciled the uploaded lines and found {@code differences}. */
    public record SettledBatch(int batch, long debitTotalFen, int debitCount, long creditTotalFen, int creditCount,
                               boolean balanced, Instant at, int differences) {
    }

    public static TerminalState load(Path home) {
        Path file = home.resolve(FILE);
        Path legacy = home.resolve(LEGACY_FILE);
        try {
            if (Files.exists(file)) {
                return JSON.readValue(StateCipher.open(home).decrypt(Files.readAllBytes(file)), TerminalState.class);
            }
            if (Files.exists(legacy)) { // a state written before encryption: read once, saved encrypted next time
                TerminalState state = JSON.readValue(legacy.toFile(), TerminalState.class);
                state.save(home);
                Files.delete(legacy);
                return state;
            }
            return new TerminalState();
        } catch (IOException e) {
            throw new UncheckedIOException("terminal state unreadable: " + file, e);
        }
    }

    public void save(Path home) {
        try {
            Files.createDirectories(home);
            byte[] sealed = StateCipher.open(home).encrypt(JSON.writeValueAsBytes(this));
            Path tmp = Files.createTempFile(home, "terminal", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.write(tmp, sealed);
            Files.move(tmp, home.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write terminal state in " + home, e);
        }
    }

    public boolean activated() {
        return tid != null && tmk != null;
    }

    public boolean signedOn() {
        return macKey != null;
    }

    /** The next STAN (1..999999, wrapping), saved before the message that uses it leaves. */
    public int nextStan() {
        stan = stan >= 999_999 ? 1 : stan + 1;
        return stan;
    }

    public List<Transaction> openBatch() {
        return transactions.stream().filter(t -> t.batch() == batch).toList();
    }
}
