package com.shanfu.terminal.host;

import com.shanfu.protocol.iso.Messages;
import com.shanfu.protocol.management.ActivationResponse;
import com.shanfu.protocol.management.HeartbeatRequest;
import com.shanfu.protocol.management.HeartbeatResponse;
import com.shanfu.terminal.card.CardReader;
import com.shanfu.terminal.kernel.CardData;
import com.shanfu.terminal.kernel.KernelConfig;
import com.shanfu.terminal.kernel.KernelException;
import com.shanfu.terminal.state.TerminalState;
import com.shanfu.tms.contract.DeviceStatus;
import com.shanfu.tms.contract.TxnKind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import org.jpos.iso.ISOMsg;

/**
 * What the terminal does, independent of how it is asked (CLI, interactive screen, tests), over its saved
 * {@link TerminalState}. Each use case is a part of its own: {@link Activation} (activation, sign-on), {@link Sales},
 * {@link Cancellations} (void, refund, reversal), {@link Settlement}, {@link ParameterDownload} (parameters, echo)
 * and the {@link TaskAgent}. This class holds what they share: the state and its home, the financial channel, the
 * clock, and the checks that come first. State is saved before each message leaves.
 */
public final class TerminalService {

    public static final String SOFTWARE_VERSION = "0.1.0";
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final Path home;
    private final Clock clock;
    private final TerminalState state;

    public TerminalService(Path home, Clock clock) {
        this.home = home;
        this.clock = clock;
        this.state = TerminalState.load(home);
    }

    Clock clock() {
        return clock;
    }

    public Path home() {
        return home;
    }

    /** The terminal's own log in its home (redacted, bounded), what a LOG_UPLOAD task sends. */
    public TerminalLog log() {
        return new TerminalLog(home, clock);
    }

    /** An operation whose outcome goes into the terminal's log: one line when it succeeds, one when it fails. */
    private interface Logged<T, E extends Exception> {
        T run() throws E;
    }

    private <T, E extends Exception> T logged(
            String what, Logged<T, E> op, java.util.function.Function<T, String> described) throws E {
        try {
            T result = op.run();
            String d = described.apply(result);
            if (d != null) {
                log().info(what + ": " + d);
            }
            return result;
        } catch (Exception e) {
            log().warn(what + " failed: " + e.getMessage());
            throw e;
        }
    }

    private static String txn(TerminalState.Transaction t) {
        return (t.approved() ? "approved" : "declined") + " rc=" + t.responseCode() + " amount="
                + java.math.BigDecimal.valueOf(t.amountFen(), 2).toPlainString() + " trace="
                + String.format("%06d", t.stan()) + " batch=" + String.format("%06d", t.batch()) + " card="
                + t.maskedPan() + " rrn=" + t.rrn();
    }

    /** The same terminal with its state read again from disk (another process may have changed it meanwhile). */
    TerminalService reloaded() {
        return new TerminalService(home, clock);
    }

    public TerminalState state() {
        return state;
    }

    public record Sale(
            TerminalState.Transaction transaction, CardData.Cvm cvm, String merchantName, String tid, String mid) {}

    public record Settled(TerminalState.SettledBatch batch) {}

    int nextStanSaved() {
        int stan = state.nextStan();
        state.save(home);
        return stan;
    }

    /** What a parameter download brought: CA public keys (checksums verified) and AID parameters. */
    public record Downloaded(int caKeys, int aids) {}

    public DeviceStatus heartbeat() throws HostException {
        return heartbeatWithTasks().status();
    }

    HeartbeatResponse heartbeatWithTasks() throws HostException {
        requireActivated();
        return logged(
                "heartbeat",
                () -> new ManagementClient(state.tmsUrl(), state.hostCa())
                        .heartbeat(state.deviceCredential(), heartbeatRequest()),
                r -> null); // a heartbeat is logged only when it fails: every 30 s would drown the rest
    }

    private HeartbeatRequest heartbeatRequest() {
        java.util.Optional<Connectivity> link = Connectivity.detect();
        return new HeartbeatRequest(
                state.tid(),
                softwareVersion(),
                100,
                true,
                state.batch(),
                link.map(Connectivity::link).orElse(null),
                link.map(Connectivity::signalDbm).orElse(null));
    }

    public String softwareVersion() {
        return runningVersion();
    }

    /** The version of the program running now: an installed package's, or the factory build's. */
    public static String runningVersion() {
        return System.getProperty(SoftwareLauncher.PACKAGE_PROPERTY, SOFTWARE_VERSION);
    }

    /**
     * One round of the terminal agent ({@link TaskAgent}): a heartbeat, then a long poll of up to {@code waitSeconds};
     * every task received is applied and its result reported to the TMS.
     */
    public List<TaskAgent.TaskOutcome> agentRound(int waitSeconds) throws HostException {
        return logged("agent round", () -> new TaskAgent(this).round(waitSeconds), r -> null);
    }

    /** A sale is between its first message and its end: software must not change under it. */
    public boolean inTransaction() {
        return java.nio.file.Files.exists(home.resolve(TRANSACTION_LOCK)) || state.pendingReversal() != null;
    }

    /**
     * Activation over HTTPS; {@code factoryCaPem} is the CA the device trusts before it has pinned one (given at the
     * factory), or null for the platform's trust store.
     */
    public ActivationResponse activate(String tmsUrl, String serial, String code, String factoryCaPem)
            throws HostException {
        return new Activation(this).activate(tmsUrl, serial, code, factoryCaPem, null);
    }

    public ActivationResponse activate(
            String tmsUrl, String serial, String code, String factoryCaPem, java.nio.file.Path deviceKeyFile)
            throws HostException {
        return logged(
                "activation of " + serial,
                () -> new Activation(this).activate(tmsUrl, serial, code, factoryCaPem, deviceKeyFile),
                a -> "TID " + state.tid() + ", MID " + state.mid() + " at " + tmsUrl);
    }

    /** Authenticated sign-on (docs/protocol.md, "Sign-on"); anything not proved by the host is refused, old keys stay. */
    public void signOn() throws HostException {
        logged(
                "sign-on",
                () -> {
                    new Activation(this).signOn();
                    return state.batch();
                },
                b -> "signed on, batch " + String.format("%06d", b));
    }

    public Sale tap(CardReader card, String cardLabelHint, long amountFen, KernelConfig config, PinPad pinPad)
            throws HostException, KernelException {
        String what = "sale of " + java.math.BigDecimal.valueOf(amountFen, 2).toPlainString();
        try {
            Sale sale = new Sales(this).tap(card, cardLabelHint, amountFen, config, pinPad);
            log().info(what + ": " + txn(sale.transaction()) + " cvm=" + sale.cvm());
            return sale;
        } catch (HostException | KernelException | RuntimeException e) { // two kinds: logged() takes one
            log().warn(what + " failed: " + e.getMessage());
            throw e;
        }
    }

    /** Voids a purchase of the open batch (the whole amount). */
    public TerminalState.Transaction voidSale(int trace) throws HostException {
        return logged(
                "void of trace " + String.format("%06d", trace),
                () -> new Cancellations(this).voidSale(trace),
                TerminalService::txn);
    }

    /** Refunds part or all of a purchase, never more than what is left of it. */
    public TerminalState.Transaction refund(int trace, Integer batch, long amountFen) throws HostException {
        return logged(
                "refund of trace " + String.format("%06d", trace),
                () -> new Cancellations(this).refund(trace, batch, amountFen),
                TerminalService::txn);
    }

    TerminalState.Transaction original(int trace, Integer batch) throws HostException {
        return new Cancellations(this).original(trace, batch);
    }

    TerminalState.Transaction cancel(TxnKind kind, TerminalState.Transaction original, long amountFen, Long taskId)
            throws HostException {
        return logged(
                kind + " of trace " + String.format("%06d", original.stan()) + " for task " + taskId,
                () -> new Cancellations(this).cancel(kind, original, amountFen, taskId),
                TerminalService::txn);
    }

    /** Sends the pending reversal, if any, until the host acknowledges it; no new transaction starts before. */
    public void flushReversal() throws HostException {
        boolean pending = state.pendingReversal() != null;
        logged(
                "reversal",
                () -> {
                    new Cancellations(this).flushReversal();
                    return pending;
                },
                sent -> sent ? "the pending reversal was acknowledged by the host" : null);
    }

    /** Sends the batch totals; balanced closes the batch and opens the next one. */
    public Settled settle() throws HostException {
        return logged(
                "settlement",
                () -> new Settlement(this).settle(),
                s -> "batch " + String.format("%06d", s.batch().batch()) + " "
                        + s.batch().debitCount() + " sale(s) "
                        + java.math.BigDecimal.valueOf(s.batch().debitTotalFen(), 2)
                                .toPlainString() + ", "
                        + s.batch().creditCount() + " refund(s) "
                        + java.math.BigDecimal.valueOf(s.batch().creditTotalFen(), 2)
                                .toPlainString()
                        + (s.batch().balanced() ? ", balanced" : ", NOT balanced"));
    }

    /** Parameter download (0800): CA keys, then AID parameters; the state changes only when all arrived. */
    public Downloaded downloadParameters() throws HostException {
        return logged(
                "parameter download",
                () -> new ParameterDownload(this).downloadParameters(),
                d -> d.caKeys() + " CA keys, " + d.aids() + " AIDs");
    }

    /** 0820 echo test, MAC'd like every message after the sign-on: the round trip in milliseconds. */
    public long echo() throws HostException {
        return new ParameterDownload(this).echo();
    }

    static final String TRANSACTION_LOCK = "transaction.lock";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    void keepReceiptToken(TerminalState.Transaction t, ISOMsg answer) {
        String token = answer.getString(63);
        if ("00".equals(t.responseCode()) && token != null && token.matches("[A-Za-z0-9_-]{22}")) {
            state.receiptTokenKept(t, token);
        }
    }

    void record(TerminalState.Transaction t) {
        state.recorded(t);
        state.save(home);
    }

    FinancialChannel open() throws HostException {
        return FinancialChannel.open(
                state.hostAddress(), state.hostPort(), state.hostTimeoutMillis(), state.hostCa(), state.tid());
    }

    Messages.Terminal terminal() {
        return new Messages.Terminal(state.tid(), state.mid());
    }

    LocalDateTime now() {
        return LocalDateTime.now(clock);
    }

    void requireSignedOn() throws HostException {
        requireActivated();
        if (!state.signedOn()) {
            throw new HostException("sign on first (terminal sign-on)");
        }
    }

    void requireActivated() throws HostException {
        if (!state.activated()) {
            throw new HostException("this terminal is not activated yet (terminal activate --serial S --code C)");
        }
    }

    static void requireApproved(ISOMsg r, String what) throws HostException {
        String rc = r.getString(39);
        if (!"00".equals(rc)) {
            throw new HostException(what + " refused by the host: " + ResponseText.of(rc) + " (" + rc + ")");
        }
    }
}
