package com.shanfu.terminal.state;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.shanfu.tms.contract.TxnKind;
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
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE,
        setterVisibility = JsonAutoDetect.Visibility.NONE)
// Longer than 300 lines: everything the terminal persists, with one intent-named method per change, kept in one file so
// all of it is in view.
public class TerminalState {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final String FILE = "terminal.state";
    private static final String LEGACY_FILE = "terminal.json";

    private String serial;
    private String tmsUrl;
    private String tid;
    private String mid;
    private String merchantName;
    private String hostAddress;
    private int hostPort;
    /** The CA certificate (PEM) the TMS handed over at activation: the only trust anchor of the financial channel. */
    private String hostCa;

    private String deviceCredential;
    private String devicePrivateKey;
    private String tmk;
    private String tmkKcv;
    private String pinKey;
    private String macKey;
    private String dataKey;
    private Instant signedOnAt;
    /** The last sign-on counter spent: every sign-on carries a higher one (the host refuses a replay). */
    private long signOnCounter;

    private int hostTimeoutMillis = 30_000;
    private PendingReversal pendingReversal;
    private int batch = 1;
    private int stan;
    private List<Transaction> transactions = new ArrayList<>();
    private List<SettledBatch> settledBatches = new ArrayList<>();
    /** No longer written: software cards keep their counters in the machine's CardWallet; read from older files. */
    private Map<String, Integer> cardAtc = new HashMap<>();
    /** The configuration pushed by the TMS (docs/protocol.md, "Push tasks") and its version; empty: defaults. */
    private Map<String, Object> config = new HashMap<>();

    private int configVersion;
    /** CA public keys and AID parameters from the last parameter download (docs/protocol.md). */
    private List<com.shanfu.protocol.iso.Parameters.CaKey> caKeys = new ArrayList<>();

    private List<com.shanfu.protocol.iso.Parameters.Aid> aidParameters = new ArrayList<>();
    private Instant parametersAt;
    /** Tasks received but held back (software while a sale was in progress), applied at a later round. */
    private List<DeferredTask> deferredTasks = new ArrayList<>();

    public record DeferredTask(long id, com.shanfu.tms.contract.TaskKind type, String payload) {}

    /** The software version this terminal runs (a SOFTWARE task changes it between transactions). */
    private String softwareVersion;

    /** The release keys software packages must be signed with, pinned at activation (base64 X.509, comma-separated). */
    private String releaseKeys;

    public record Transaction(
            int stan,
            int batch,
            TxnKind kind,
            long amountFen,
            String maskedPan,
            String cardLabel,
            String responseCode,
            String authCode,
            String rrn,
            Instant at,
            boolean reversed,
            boolean voided,
            Integer originalBatch,
            Integer originalStan) {
        public static final TxnKind PURCHASE = TxnKind.PURCHASE;
        public static final TxnKind VOID = TxnKind.VOID;
        public static final TxnKind REFUND = TxnKind.REFUND;

        public static Transaction of(
                int stan,
                int batch,
                TxnKind kind,
                long amountFen,
                String maskedPan,
                String cardLabel,
                String responseCode,
                String authCode,
                String rrn,
                Instant at) {
            return new Transaction(
                    stan,
                    batch,
                    kind,
                    amountFen,
                    maskedPan,
                    cardLabel,
                    responseCode,
                    authCode,
                    rrn,
                    at,
                    false,
                    false,
                    null,
                    null);
        }

        /** Approved by the host and neither reversed nor voided since: what the batch totals count. */
        public boolean approved() {
            return "00".equals(responseCode) && !reversed && !voided;
        }

        public Transaction against(Transaction original) {
            return new Transaction(
                    stan,
                    batch,
                    kind,
                    amountFen,
                    maskedPan,
                    cardLabel,
                    responseCode,
                    authCode,
                    rrn,
                    at,
                    reversed,
                    voided,
                    original.batch(),
                    original.stan());
        }

        Transaction asReversed() {
            return new Transaction(
                    stan,
                    batch,
                    kind,
                    amountFen,
                    maskedPan,
                    cardLabel,
                    responseCode,
                    authCode,
                    rrn,
                    at,
                    true,
                    voided,
                    originalBatch,
                    originalStan);
        }

        Transaction asVoided() {
            return new Transaction(
                    stan,
                    batch,
                    kind,
                    amountFen,
                    maskedPan,
                    cardLabel,
                    responseCode,
                    authCode,
                    rrn,
                    at,
                    reversed,
                    true,
                    originalBatch,
                    originalStan);
        }
    }

    /** The e-receipt token the host gave each approved transaction (field 63), by "batch:stan". */
    private Map<String, String> receiptTokens = new HashMap<>();

    public java.util.Optional<String> receiptToken(Transaction t) {
        return java.util.Optional.ofNullable(receiptTokens.get(t.batch() + ":" + t.stan()));
    }

    /** Void or refund requests sent without a trustworthy answer: key → the STAN to repeat them with. */
    private Map<String, Integer> inFlight = new HashMap<>();

    /**
     * Refund tasks already carried out, by task id, with what was reported ("APPLIED|detail" or "FAILED|detail"):
     * a task delivered again after its report was lost is reported again, never refunded twice. Written in the same
     * save as the refund itself.
     */
    private Map<Long, String> finishedRefundTasks = new HashMap<>();

    public void voided(int stan, int batch) {
        transactions.replaceAll(t -> t.stan() == stan && t.batch() == batch ? t.asVoided() : t);
    }

    /** The purchase with this trace number: in the given batch, or the newest one. */
    public java.util.Optional<Transaction> purchase(int stan, Integer batch) {
        return transactions.stream()
                .filter(t ->
                        t.kind() == Transaction.PURCHASE && t.stan() == stan && (batch == null || t.batch() == batch))
                .reduce((a, b) -> b);
    }

    /** What is left to refund of a purchase, by this terminal's own records (the host checks again). */
    public long refundable(Transaction purchase) {
        if (!purchase.approved()) {
            return 0;
        }
        long refunded = transactions.stream()
                .filter(t -> t.kind() == Transaction.REFUND
                        && "00".equals(t.responseCode())
                        && Integer.valueOf(purchase.batch()).equals(t.originalBatch())
                        && Integer.valueOf(purchase.stan()).equals(t.originalStan()))
                .mapToLong(Transaction::amountFen)
                .sum();
        return purchase.amountFen() - refunded;
    }

    /**
     * A sale whose answer never came: written down before the request left, reversed before any new transaction.
     * Holds no PAN; TID + batch + STAN name the original at the host.
     */
    public record PendingReversal(int stan, int batch, long amountFen, String iccDataHex, String reason, Instant at) {}

    /** Marks the transaction reversed once the host acknowledged the reversal. */
    public void reversed(int stan, int batch) {
        transactions.replaceAll(t -> t.stan() == stan && t.batch() == batch ? t.asReversed() : t);
    }

    /** A closed batch; when it did not balance, the host reconciled the uploaded lines and found {@code differences}. */
    public record SettledBatch(
            int batch,
            long debitTotalFen,
            int debitCount,
            long creditTotalFen,
            int creditCount,
            boolean balanced,
            Instant at,
            int differences) {}

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

    // ---- what the terminal is (set by activation) ----

    /**
     * Activation took: who this terminal is, where its host is, its keys. Working keys and the sign-on counter start
     * again; the host CA is pinned (the financial channel trusts it and no other).
     */
    public void activatedAs(
            String serial,
            String tmsUrl,
            String tid,
            String mid,
            String merchantName,
            String hostAddress,
            int hostPort,
            String deviceCredential,
            String devicePrivateKey,
            String tmkHex,
            String tmkKcv,
            String hostCa) {
        this.serial = serial;
        this.tmsUrl = tmsUrl;
        this.tid = tid;
        this.mid = mid;
        this.merchantName = merchantName;
        this.hostAddress = hostAddress;
        this.hostPort = hostPort;
        this.deviceCredential = deviceCredential;
        this.devicePrivateKey = devicePrivateKey;
        this.tmk = tmkHex;
        this.tmkKcv = tmkKcv;
        this.hostCa = hostCa;
        this.pinKey = null;
        this.macKey = null;
        this.dataKey = null;
        this.signOnCounter = 0;
    }

    public String serial() {
        return serial;
    }

    public String tmsUrl() {
        return tmsUrl;
    }

    public String tid() {
        return tid;
    }

    public String mid() {
        return mid;
    }

    public String merchantName() {
        return merchantName;
    }

    public String hostAddress() {
        return hostAddress;
    }

    public int hostPort() {
        return hostPort;
    }

    public String hostCa() {
        return hostCa;
    }

    public String deviceCredential() {
        return deviceCredential;
    }

    public int hostTimeoutMillis() {
        return hostTimeoutMillis;
    }

    /** Sends the financial messages to another port with another answer time-out (a test's fault proxy). */
    public void hostReachedThrough(int port, int timeoutMillis) {
        this.hostPort = port;
        this.hostTimeoutMillis = timeoutMillis;
    }

    /** Sends the management channel to another address (a test holding its long poll on one instance). */
    public void tmsReachedThrough(String url) {
        this.tmsUrl = url;
    }

    // ---- keys ----

    public String tmk() {
        return tmk;
    }

    public String tmkKcv() {
        return tmkKcv;
    }

    /** A new TMK (from a TMK_ROTATION task) replaces the current one; the sign-on that follows proves it. */
    public void tmkReplaced(String tmkHex, String kcv) {
        this.tmk = tmkHex;
        this.tmkKcv = kcv;
    }

    public String pinKey() {
        return pinKey;
    }

    public String macKey() {
        return macKey;
    }

    public String dataKey() {
        return dataKey;
    }

    public Instant signedOnAt() {
        return signedOnAt;
    }

    /** The next sign-on counter, higher than every one spent (the host refuses a replay). */
    public long nextSignOnCounter() {
        return ++signOnCounter;
    }

    /** The sign-on's working keys (hex), in force from now. */
    public void signedOnWith(String pinKeyHex, String macKeyHex, String dataKeyHex, Instant at) {
        this.pinKey = pinKeyHex;
        this.macKey = macKeyHex;
        this.dataKey = dataKeyHex;
        this.signedOnAt = at;
    }

    // ---- the batch and its journal ----

    public int batch() {
        return batch;
    }

    public int stan() {
        return stan;
    }

    public List<Transaction> transactions() {
        return java.util.Collections.unmodifiableList(transactions);
    }

    public List<SettledBatch> settledBatches() {
        return java.util.Collections.unmodifiableList(settledBatches);
    }

    /** A transaction the host answered, in this terminal's journal. */
    public void recorded(Transaction t) {
        transactions.add(t);
    }

    /**
     * Forgets the newest transaction record, as a damaged terminal would: the fault tests' way to make its batch differ
     * from the host's journal (the settlement then uploads the batch and the host reconciles it line by line).
     */
    public void loseNewestRecord() {
        if (!transactions.isEmpty()) {
            transactions.removeLast();
        }
    }

    /** The batch closed: kept with its totals, and the next batch number (1..999999, wrapping) opens. */
    public void batchSettled(SettledBatch closed) {
        settledBatches.add(closed);
        batch = batch >= 999_999 ? 1 : batch + 1;
    }

    public PendingReversal pendingReversal() {
        return pendingReversal;
    }

    /** A sale is about to leave (or left without an answer): what to reverse if its answer never comes. */
    public void reversalPending(PendingReversal reversal) {
        this.pendingReversal = reversal;
    }

    /** The sale was answered, or its reversal acknowledged: nothing to reverse. */
    public void reversalCleared() {
        this.pendingReversal = null;
    }

    /** The STAN a void or refund was sent with, still without a trustworthy answer, if any. */
    public Integer inFlightStan(String key) {
        return inFlight.get(key);
    }

    public void sentInFlight(String key, int stan) {
        inFlight.put(key, stan);
    }

    public void answered(String key) {
        inFlight.remove(key);
    }

    /** Keeps the e-receipt token the host gave this transaction (field 63). */
    public void receiptTokenKept(Transaction t, String token) {
        receiptTokens.put(t.batch() + ":" + t.stan(), token);
    }

    // ---- configuration, parameters, software ----

    public Map<String, Object> config() {
        return java.util.Collections.unmodifiableMap(config);
    }

    public int configVersion() {
        return configVersion;
    }

    /** A configuration version from the TMS: its settings, and what the terminal takes from them at once. */
    public void configured(int version, Map<String, Object> settings) {
        this.config = new HashMap<>(settings);
        this.configVersion = version;
        if (settings.get("merchantName") instanceof String name) {
            this.merchantName = name;
        }
        if (settings.get("hostTimeoutMillis") instanceof Number timeout) {
            this.hostTimeoutMillis = timeout.intValue();
        }
    }

    /** One setting changed on the terminal itself (a test standing in for a configuration push). */
    public void setting(String key, Object value) {
        config.put(key, value);
    }

    public List<com.shanfu.protocol.iso.Parameters.CaKey> caKeys() {
        return java.util.Collections.unmodifiableList(caKeys);
    }

    public List<com.shanfu.protocol.iso.Parameters.Aid> aidParameters() {
        return java.util.Collections.unmodifiableList(aidParameters);
    }

    public Instant parametersAt() {
        return parametersAt;
    }

    /** The CA keys and AID parameters of a parameter download, in force from now. */
    public void parametersLoaded(
            List<com.shanfu.protocol.iso.Parameters.CaKey> keys,
            List<com.shanfu.protocol.iso.Parameters.Aid> aids,
            Instant at) {
        this.caKeys = new ArrayList<>(keys);
        this.aidParameters = new ArrayList<>(aids);
        this.parametersAt = at;
    }

    public String softwareVersion() {
        return softwareVersion;
    }

    public void softwareInstalled(String version) {
        this.softwareVersion = version;
    }

    public String releaseKeys() {
        return releaseKeys;
    }

    public void releaseKeysPinned(String keys) {
        this.releaseKeys = keys;
    }

    // ---- push tasks ----

    /** The tasks held back, handed over to be tried again (the list is empty afterwards). */
    public List<DeferredTask> takeDeferredTasks() {
        List<DeferredTask> held = List.copyOf(deferredTasks);
        deferredTasks = new ArrayList<>();
        return held;
    }

    /** Holds a task back until no sale is in progress; once however often it arrives. */
    public boolean deferred(DeferredTask task) {
        if (deferredTasks.stream().anyMatch(d -> d.id() == task.id())) {
            return false;
        }
        deferredTasks.add(task);
        return true;
    }

    public List<DeferredTask> deferredTasks() {
        return java.util.Collections.unmodifiableList(deferredTasks);
    }

    /** What a refund task reported ("APPLIED|detail" or "FAILED|detail"), if it was carried out already. */
    public String finishedRefundTask(long taskId) {
        return finishedRefundTasks.get(taskId);
    }

    /** A refund task carried out: written with the refund itself, so a redelivery is answered, never refunded twice. */
    public void refundTaskFinished(long taskId, String report) {
        finishedRefundTasks.put(taskId, report);
    }
}
