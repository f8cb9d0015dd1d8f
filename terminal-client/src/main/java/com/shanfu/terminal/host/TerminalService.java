package com.shanfu.terminal.host;

import com.shanfu.protocol.crypto.PinBlock;
import com.shanfu.protocol.crypto.RsaOaep;
import com.shanfu.protocol.crypto.Tdes;
import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.Messages;
import com.shanfu.protocol.iso.Parameters;
import com.shanfu.protocol.iso.SettlementTotals;
import com.shanfu.protocol.iso.SignOnAuth;
import com.shanfu.protocol.iso.WorkingKeys;
import com.shanfu.protocol.management.ActivationRequest;
import com.shanfu.protocol.management.ActivationResponse;
import com.shanfu.protocol.management.HeartbeatRequest;
import com.shanfu.protocol.management.HeartbeatResponse;
import com.shanfu.protocol.management.TaskResult;
import com.shanfu.terminal.card.CardReader;
import com.shanfu.terminal.kernel.CardData;
import com.shanfu.terminal.kernel.ContactlessKernel;
import com.shanfu.terminal.kernel.KernelConfig;
import com.shanfu.terminal.kernel.KernelException;
import com.shanfu.terminal.state.TerminalState;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Map;
import java.util.List;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;

/**
 * What the terminal does, independent of how it is asked (CLI, interactive screen, tests): activation with remote
 * key loading, sign-on, a contactless sale, settlement. State is saved before each message leaves.
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

    public Path home() {
        return home;
    }

    public TerminalState state() {
        return state;
    }

    public record Sale(TerminalState.Transaction transaction, CardData.Cvm cvm, String merchantName, String tid,
                       String mid) {
    }

    public record Settled(TerminalState.SettledBatch batch) {
    }

    /**
     * Activation over HTTPS; {@code factoryCaPem} is the CA the device trusts before it has pinned one (given at the
     * factory), or null for the platform's trust store.
     */
    public ActivationResponse activate(String tmsUrl, String serial, String code, String factoryCaPem) throws HostException {
        return activate(tmsUrl, serial, code, factoryCaPem, null);
    }

    /**
     * The device's own key pair: the one its factory provisioned ({@code deviceKeyFile}, or {@code <serial>.key} in the
     * factory folder {@code SHANFU_FACTORY_DIR}: base64 PKCS#8), which the TMS knows from the factory list; without
     * one a fresh pair is made, and the TMS refuses it (it is not the registered key).
     */
    static KeyPair deviceKey(String serial, java.nio.file.Path deviceKeyFile) throws HostException {
        java.nio.file.Path file = deviceKeyFile;
        String factory = System.getenv("SHANFU_FACTORY_DIR");
        if (file == null && factory != null && !factory.isBlank()) {
            file = java.nio.file.Path.of(factory, serial + ".key");
        }
        if (file == null || !java.nio.file.Files.exists(file)) {
            return RsaOaep.generateKeyPair();
        }
        try {
            return RsaOaep.keyPair(Base64.getDecoder().decode(java.nio.file.Files.readString(file).strip()));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new HostException("cannot read the device key " + file + ": " + e.getMessage());
        }
    }

    public ActivationResponse activate(String tmsUrl, String serial, String code, String factoryCaPem,
                                       java.nio.file.Path deviceKeyFile) throws HostException {
        if (serial == null || !serial.matches("[A-Z0-9-]{6,32}")) {
            throw new HostException("serial must be 6-32 characters A-Z, 0-9 or '-'");
        }
        if (code == null || !code.matches("\\d{8}")) {
            throw new HostException("the activation code has 8 digits");
        }
        KeyPair pair = deviceKey(serial, deviceKeyFile);
        ActivationResponse a = new ManagementClient(tmsUrl, factoryCaPem).activate(new ActivationRequest(serial, code,
                Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())));
        // the answer is signed by the TMS, for this device's key, with a certificate of the CA this device trusts
        if (a.signature() == null || a.tmsCertificate() == null || !com.shanfu.protocol.tls.Tls.verifySigned(
                a.tmsCertificate(), factoryCaPem, a.signedBytes(pair.getPublic().getEncoded()),
                Base64.getDecoder().decode(a.signature()))) {
            throw new HostException("the activation answer is not signed by a TMS this device trusts: activation refused");
        }
        byte[] tmk = RsaOaep.unwrap(pair.getPrivate(), Base64.getDecoder().decode(a.wrappedTmk()));
        if (!HEX.formatHex(Tdes.kcv(tmk, 4)).equals(a.tmkKcv())) {
            throw new HostException("the terminal master key failed its key check value: activation refused");
        }
        try {
            com.shanfu.protocol.tls.Tls.certificate(a.hostCa());
        } catch (IllegalArgumentException e) {
            throw new HostException("the TMS gave no CA certificate to pin for the host: activation refused");
        }
        state.serial = serial;
        state.tmsUrl = tmsUrl;
        state.tid = a.tid();
        state.mid = a.mid();
        state.merchantName = a.merchantName();
        state.hostAddress = a.hostAddress();
        state.hostPort = a.hostPort();
        state.deviceCredential = a.deviceCredential();
        state.devicePrivateKey = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
        state.tmk = HEX.formatHex(tmk);
        state.tmkKcv = a.tmkKcv();
        state.hostCa = a.hostCa(); // pinned: the financial channel trusts this CA and no other
        state.pinKey = null;
        state.macKey = null;
        state.dataKey = null;
        state.signOnCounter = 0;
        state.save(home);
        return a;
    }

    /**
     * Authenticated sign-on (docs/protocol.md, "Sign-on"): a rising counter and a fresh nonce, MAC'd under the sign-on
     * key of the TMK; the answer must carry the MAC over this request's challenge, and its key blocks must open under
     * the TMK for the use their place says. Anything else is refused and the old keys stay.
     */
    /**
     * A new TMK as a TR-31 key block (K0) under the current one: opened, checked against its KCV, kept, and proved by a
     * sign-on under it (the host puts it in force then; it accepts both until that sign-on). A block that does not
     * open under the current TMK is refused and the current TMK stays.
     */
    private TaskOutcome rotateTmk(HeartbeatResponse.PushTask t, Map<String, Object> payload) throws HostException {
        byte[] current = HEX.parseHex(state.tmk);
        byte[] next;
        try {
            next = com.shanfu.protocol.crypto.Tr31.unwrap(current, String.valueOf(payload.get("keyBlock")),
                    com.shanfu.protocol.crypto.Tr31.Usage.KEY_ENCRYPTION);
        } catch (IllegalArgumentException e) {
            return new TaskOutcome(t.id(), t.type(), "FAILED", "new TMK refused: " + e.getMessage());
        } finally {
            java.util.Arrays.fill(current, (byte) 0);
        }
        String kcv = HEX.formatHex(Tdes.kcv(next, 4));
        if (!kcv.equals(payload.get("kcv"))) {
            return new TaskOutcome(t.id(), t.type(), "FAILED", "new TMK refused: its KCV is " + kcv);
        }
        state.tmk = HEX.formatHex(next);
        state.tmkKcv = kcv;
        java.util.Arrays.fill(next, (byte) 0);
        state.save(home); // kept before the sign-on: the host may put it in force even if the answer is lost
        signOn();
        return new TaskOutcome(t.id(), t.type(), "APPLIED", "new TMK " + kcv + " in force; signed on under it");
    }

    public void signOn() throws HostException {
        requireActivated();
        int stan = state.nextStan();
        SignOnAuth.Challenge challenge = SignOnAuth.Challenge.fresh(++state.signOnCounter);
        state.save(home); // the counter is spent before the request leaves
        byte[] tmk = HEX.parseHex(state.tmk);
        try (FinancialChannel channel = open()) {
            ISOMsg r = channel.exchange(Messages.signOn(terminal(), state.serial, stan, state.batch, challenge, tmk, now()),
                    null);
            requireApproved(r, "sign-on");
            WorkingKeys keys;
            byte[] signOnKey = SignOnAuth.signOnKey(tmk);
            try {
                if (!SignOnAuth.verifyAnswer(r, challenge.field62(), signOnKey)) {
                    throw new HostException("sign-on answer rejected: it is not the host's answer to this sign-on "
                            + "(MAC check failed); the old keys stay");
                }
                keys = WorkingKeys.open(r.getBytes(62), tmk);
            } catch (IllegalArgumentException e) {
                throw new HostException("sign-on answer rejected: " + e.getMessage());
            } finally {
                java.util.Arrays.fill(signOnKey, (byte) 0);
            }
            state.pinKey = HEX.formatHex(keys.pinKey());
            state.macKey = HEX.formatHex(keys.macKey());
            state.dataKey = HEX.formatHex(keys.dataKey());
            state.signedOnAt = clock.instant();
            state.save(home);
        } catch (ISOException e) {
            throw new HostException("sign-on message could not be built: " + e.getMessage());
        } catch (FinancialChannel.UnknownOutcome e) {
            throw new HostException("no answer to sign-on in time: try again");
        } finally {
            java.util.Arrays.fill(tmk, (byte) 0);
        }
    }

    public Sale tap(CardReader card, String cardLabelHint, long amountFen, KernelConfig config, PinPad pinPad)
            throws HostException, KernelException {
        java.nio.file.Path lock = home.resolve(TRANSACTION_LOCK);
        try {
            java.nio.file.Files.writeString(lock, String.valueOf(ProcessHandle.current().pid()));
            return tapLocked(card, cardLabelHint, amountFen, config, pinPad);
        } catch (java.io.IOException e) {
            throw new HostException("cannot mark the transaction in progress: " + e.getMessage());
        } finally {
            try {
                java.nio.file.Files.deleteIfExists(lock);
            } catch (java.io.IOException ignored) {
                // a stale lock only defers a software update until the next sale ends
            }
        }
    }

    private Sale tapLocked(CardReader card, String cardLabelHint, long amountFen, KernelConfig config, PinPad pinPad)
            throws HostException, KernelException {
        requireSignedOn();
        flushReversal();
        CardData data = new ContactlessKernel(config).tap(card, amountFen, now().toLocalDate());
        byte[] pinBlock = null;
        if (data.cvm() == CardData.Cvm.ONLINE_PIN) {
            char[] pin = pinPad.enterPin(data.maskedPan(), amountFen);
            if (pin == null || pin.length == 0) {
                throw new KernelException("PIN entry cancelled: nothing was charged");
            }
            try {
                pinBlock = PinBlock.encrypt(HEX.parseHex(state.pinKey), pin, data.pan());
            } catch (IllegalArgumentException e) {
                throw new KernelException("a PIN has 4 to 12 digits");
            } finally {
                java.util.Arrays.fill(pin, '\0');
            }
        }
        ISOMsg request;
        int stan = state.nextStan();
        try {
            request = Messages.purchase(terminal(), stan, state.batch, amountFen, data.pan(), data.panSequence(),
                    data.track2(), data.iccData(), pinBlock, HEX.parseHex(state.dataKey), now());
        } catch (ISOException e) {
            throw new HostException("purchase message could not be built: " + e.getMessage());
        }
        // written down before the request leaves: if no answer comes, this is what gets reversed
        state.pendingReversal = new TerminalState.PendingReversal(stan, state.batch, amountFen,
                HEX.formatHex(data.iccData()), Messages.REVERSAL_NO_ANSWER, clock.instant());
        state.save(home);
        ISOMsg response;
        try (FinancialChannel channel = open()) {
            response = channel.exchange(request, HEX.parseHex(state.macKey));
        } catch (HostException e) {
            state.pendingReversal = null; // nothing reached the host
            state.save(home);
            throw e;
        } catch (FinancialChannel.UnknownOutcome e) {
            state.pendingReversal = new TerminalState.PendingReversal(stan, state.batch, amountFen,
                    HEX.formatHex(data.iccData()), e.reason(), clock.instant());
            record(TerminalState.Transaction.of(stan, state.batch, "PURCHASE", amountFen, data.maskedPan(),
                    data.label(), "XX", null, null, clock.instant()));
            try {
                flushReversal();
            } catch (HostException again) {
                throw new HostException(e.getMessage() + "; the sale will be reversed as soon as the host answers "
                        + "(before any new transaction). Do not hand over goods.");
            }
            throw new HostException(e.getMessage() + ": the sale was reversed, nothing was charged");
        }
        state.pendingReversal = null;
        TerminalState.Transaction t = TerminalState.Transaction.of(stan, state.batch, "PURCHASE", amountFen,
                data.maskedPan(), cardLabelHint != null ? cardLabelHint : data.label(), response.getString(39),
                response.getString(38), response.getString(37), clock.instant());
        keepReceiptToken(t, response);
        record(t);
        return new Sale(t, data.cvm(), state.merchantName, state.tid, state.mid);
    }

    /** Sends the batch totals; balanced closes the batch and opens the next one. */
    public Settled settle() throws HostException {
        requireSignedOn();
        flushReversal();
        long total = 0;
        int count = 0;
        long credits = 0;
        int creditCount = 0;
        for (TerminalState.Transaction t : state.openBatch()) {
            if (t.approved() && TerminalState.Transaction.PURCHASE.equals(t.kind())) {
                total += t.amountFen();
                count++;
            } else if (t.approved() && TerminalState.Transaction.REFUND.equals(t.kind())) {
                credits += t.amountFen();
                creditCount++;
            }
        }
        SettlementTotals totals = new SettlementTotals(total, count, credits, creditCount);
        List<TerminalState.Transaction> lines = state.openBatch().stream().filter(TerminalState.Transaction::approved)
                .filter(t -> !TerminalState.Transaction.VOID.equals(t.kind())).toList();
        int batch = state.batch;
        try (FinancialChannel channel = open()) {
            byte[] mac = HEX.parseHex(state.macKey);
            ISOMsg r = channel.exchange(Messages.settlement(terminal(), nextStanSaved(), batch, totals, now()), mac);
            requireApproved(r, "settlement");
            boolean balanced = SettlementTotals.BALANCED.equals(SettlementTotals.reconciliationCode(r.getString(48)));
            int differences = 0;
            if (!balanced) {
                for (TerminalState.Transaction t : lines) {
                    requireApproved(channel.exchange(Messages.batchUploadLine(terminal(), nextStanSaved(), batch,
                            TerminalState.Transaction.REFUND.equals(t.kind()), t.amountFen(), t.batch(), t.stan(), t.rrn(),
                            now()), mac), "batch upload");
                }
                ISOMsg end = channel.exchange(Messages.batchUploadEnd(terminal(), nextStanSaved(), batch, lines.size(), now()), mac);
                requireApproved(end, "end of batch upload");
                differences = end.hasField(48) ? Integer.parseInt(end.getString(48)) : 0;
                ISOMsg again = channel.exchange(Messages.settlement(terminal(), nextStanSaved(), batch, totals, now()), mac);
                requireApproved(again, "settlement after the batch upload");
            }
            TerminalState.SettledBatch b = new TerminalState.SettledBatch(batch, total, count, credits, creditCount,
                    balanced, clock.instant(), differences);
            state.settledBatches.add(b);
            state.batch = batch >= 999_999 ? 1 : batch + 1;
            state.save(home);
            return new Settled(b);
        } catch (ISOException e) {
            throw new HostException("settlement message could not be built: " + e.getMessage());
        } catch (FinancialChannel.UnknownOutcome e) {
            throw new HostException(e.getMessage() + " during settlement: settle again");
        }
    }

    private int nextStanSaved() {
        int stan = state.nextStan();
        state.save(home);
        return stan;
    }

    /** Voids a purchase of the open batch (the whole amount). */
    public TerminalState.Transaction voidSale(int trace) throws HostException {
        TerminalState.Transaction original = original(trace, state.batch);
        if (!original.approved() || original.batch() != state.batch) {
            throw new HostException("trace " + String.format("%06d", trace) + " is not an approved sale of the open batch");
        }
        if (state.refundable(original) != original.amountFen()) {
            throw new HostException("trace " + String.format("%06d", trace) + " has refunds: it can no longer be voided");
        }
        TerminalState.Transaction t = cancel(TerminalState.Transaction.VOID, original, original.amountFen(), null);
        if ("00".equals(t.responseCode())) {
            state.voided(original.stan(), original.batch());
            state.save(home);
        }
        return t;
    }

    /** Refunds part or all of a purchase, never more than what is left of it. */
    public TerminalState.Transaction refund(int trace, Integer batch, long amountFen) throws HostException {
        TerminalState.Transaction original = original(trace, batch);
        long left = state.refundable(original);
        if (amountFen <= 0 || amountFen > left) {
            throw new HostException("a refund of trace " + String.format("%06d", trace) + " can be at most CNY "
                    + java.math.BigDecimal.valueOf(left, 2).toPlainString());
        }
        return cancel(TerminalState.Transaction.REFUND, original, amountFen, null);
    }

    /** A refund the merchant asked for in the portal, carried out once however often the task is delivered. */
    private TaskOutcome refundTask(HeartbeatResponse.PushTask task, Map<String, Object> payload) throws HostException {
        String earlier = state.finishedRefundTasks.get(task.id());
        if (earlier != null) {
            String[] parts = earlier.split("\\|", 2);
            return new TaskOutcome(task.id(), task.type(), parts[0], parts[1]);
        }
        if (!(payload.get("originalBatch") instanceof Number batch) || !(payload.get("originalStan") instanceof Number stan)
                || !(payload.get("amountFen") instanceof Number amount)) {
            return new TaskOutcome(task.id(), task.type(), "FAILED", "refund without original batch, trace or amount");
        }
        TerminalState.Transaction original = original(stan.intValue(), batch.intValue());
        long left = state.refundable(original);
        if (amount.longValue() <= 0 || amount.longValue() > left) {
            return finishRefundTask(task, "FAILED", "at most CNY " + java.math.BigDecimal.valueOf(left, 2).toPlainString()
                    + " of trace " + String.format("%06d", stan.intValue()) + " can still be refunded");
        }
        TerminalState.Transaction t = cancel(TerminalState.Transaction.REFUND, original, amount.longValue(), task.id());
        return "00".equals(t.responseCode())
                ? new TaskOutcome(task.id(), task.type(), "APPLIED", "refunded, trace " + String.format("%06d", t.stan()))
                : new TaskOutcome(task.id(), task.type(), "FAILED", ResponseText.of(t.responseCode()) + " (" + t.responseCode() + ")");
    }

    private TaskOutcome finishRefundTask(HeartbeatResponse.PushTask task, String result, String detail) {
        state.finishedRefundTasks.put(task.id(), result + "|" + detail);
        state.save(home);
        return new TaskOutcome(task.id(), task.type(), result, detail);
    }

    private TerminalState.Transaction original(int trace, Integer batch) throws HostException {
        requireSignedOn();
        return state.purchase(trace, batch).orElseThrow(() -> new HostException("no sale with trace "
                + String.format("%06d", trace) + (batch == null ? "" : " in batch " + String.format("%06d", batch))));
    }

    private TerminalState.Transaction cancel(String kind, TerminalState.Transaction original, long amountFen, Long taskId)
            throws HostException {
        flushReversal();
        // an unanswered void/refund is repeated with the same STAN: the host answers a repeat without doing it twice
        String key = taskId != null ? "task:" + taskId : kind + ":" + original.batch() + ":" + original.stan() + ":" + amountFen;
        Integer stan = state.inFlight.get(key);
        if (stan == null) {
            stan = state.nextStan();
            state.inFlight.put(key, stan);
            state.save(home);
        }
        ISOMsg request;
        try {
            request = TerminalState.Transaction.VOID.equals(kind)
                    ? Messages.voidSale(terminal(), stan, state.batch, amountFen, original.batch(), original.stan(),
                    original.rrn(), now())
                    : Messages.refund(terminal(), stan, state.batch, amountFen, original.batch(), original.stan(),
                    java.time.format.DateTimeFormatter.ofPattern("MMdd").withZone(clock.getZone()).format(original.at()),
                    original.rrn(), now());
        } catch (ISOException e) {
            throw new HostException(kind.toLowerCase() + " message could not be built: " + e.getMessage());
        }
        ISOMsg answer;
        try (FinancialChannel channel = open()) {
            answer = channel.exchange(request, HEX.parseHex(state.macKey));
        } catch (FinancialChannel.UnknownOutcome e) {
            throw new HostException(e.getMessage() + ": run the same command again; the host will not do it twice");
        }
        state.inFlight.remove(key);
        TerminalState.Transaction t = TerminalState.Transaction.of(stan, state.batch, kind, amountFen,
                original.maskedPan(), original.cardLabel(), answer.getString(39), null, answer.getString(37),
                clock.instant()).against(original);
        keepReceiptToken(t, answer);
        if (taskId != null) { // written with the refund itself: a redelivered task is answered from here
            String rc = answer.getString(39);
            state.finishedRefundTasks.put(taskId, "00".equals(rc) ? "APPLIED|refunded, trace " + String.format("%06d", stan)
                    : "FAILED|" + ResponseText.of(rc) + " (" + rc + ")");
        }
        record(t);
        return t;
    }

    /**
     * Sends the pending reversal, if any, until the host acknowledges it. Throws while the host cannot be reached:
     * no new transaction may start before the reversal is through.
     */
    public void flushReversal() throws HostException {
        TerminalState.PendingReversal r = state.pendingReversal;
        if (r == null) {
            return;
        }
        try (FinancialChannel channel = open()) {
            ISOMsg answer = channel.exchange(Messages.reversal(terminal(), r.stan(), r.batch(), r.amountFen(),
                    HEX.parseHex(r.iccDataHex()), r.reason(), now()), HEX.parseHex(state.macKey));
            requireApproved(answer, "reversal");
            state.reversed(r.stan(), r.batch());
            state.pendingReversal = null;
            state.save(home);
        } catch (ISOException e) {
            throw new HostException("reversal message could not be built: " + e.getMessage());
        } catch (FinancialChannel.UnknownOutcome e) {
            throw new HostException("a reversal is pending and the host did not answer it: try again");
        } catch (HostException e) {
            throw new HostException("a reversal is pending and could not be sent (" + e.getMessage() + "): try again");
        }
    }

    /** What a parameter download brought: CA public keys (checksums verified) and AID parameters. */
    public record Downloaded(int caKeys, int aids) {
    }

    /**
     * Parameter download (0800): the CA key list (370), each key (372, its checksum checked), end (371); then the
     * AID list (380), each AID's contactless parameters (382), end (381). The state changes only when all arrived.
     */
    public Downloaded downloadParameters() throws HostException {
        requireSignedOn();
        try (FinancialChannel channel = open()) {
            List<Parameters.CaKey> keys = new ArrayList<>();
            for (Parameters.CaKeyRef ref : Parameters.parseCaKeyList(parameters(channel, Field60.CA_KEY_LIST, null))) {
                keys.add(Parameters.parseCaKey(parameters(channel, Field60.CA_KEY_DOWNLOAD,
                        Parameters.caKeyRequest(ref.rid(), ref.index()))));
            }
            parameters(channel, Field60.CA_KEY_END, null);
            List<Parameters.Aid> aids = new ArrayList<>();
            for (String aid : Parameters.parseAidList(parameters(channel, Field60.AID_LIST, null))) {
                aids.add(Parameters.parseAid(parameters(channel, Field60.AID_DOWNLOAD, Parameters.aidRequest(aid))));
            }
            parameters(channel, Field60.AID_END, null);
            state.caKeys = keys;
            state.aidParameters = aids;
            state.parametersAt = clock.instant();
            state.save(home);
            return new Downloaded(keys.size(), aids.size());
        } catch (IllegalArgumentException e) {
            throw new HostException("parameter download refused: " + e.getMessage());
        }
    }

    private byte[] parameters(FinancialChannel channel, String code, byte[] request) throws HostException {
        try {
            ISOMsg r = channel.exchange(Messages.parameters(terminal(), nextStanSaved(), state.batch, code, request, now()),
                    HEX.parseHex(state.macKey));
            requireApproved(r, "parameter download " + code);
            return r.hasField(62) ? r.getBytes(62) : new byte[0];
        } catch (ISOException e) {
            throw new HostException("parameter request could not be built: " + e.getMessage());
        } catch (FinancialChannel.UnknownOutcome e) {
            throw new HostException("parameter download: " + e.getMessage());
        }
    }

    /** 0820 echo test, MAC'd like every message after the sign-on: the round trip in milliseconds. */
    public long echo() throws HostException {
        requireSignedOn();
        long start = System.nanoTime();
        try (FinancialChannel channel = open()) {
            requireApproved(channel.exchange(Messages.echo(terminal(), nextStanSaved(), state.batch, now()),
                    HEX.parseHex(state.macKey)), "echo test");
        } catch (ISOException e) {
            throw new HostException("echo message could not be built: " + e.getMessage());
        } catch (FinancialChannel.UnknownOutcome e) {
            throw new HostException(e.getMessage());
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    public String heartbeat() throws HostException {
        return heartbeatWithTasks().status();
    }

    private HeartbeatResponse heartbeatWithTasks() throws HostException {
        requireActivated();
        return new ManagementClient(state.tmsUrl, state.hostCa).heartbeat(state.deviceCredential,
                new HeartbeatRequest(state.tid, softwareVersion(), 100, true, state.batch));
    }

    public String softwareVersion() {
        return state.softwareVersion == null ? SOFTWARE_VERSION : state.softwareVersion;
    }

    /** What became of one push task on this terminal. */
    public record TaskOutcome(long id, String kind, String result, String detail) {
    }

    /**
     * One round of the terminal agent: a heartbeat (health in, due tasks out), then a long poll of up to
     * {@code waitSeconds}; every task received is applied and its result reported to the TMS.
     */
    public List<TaskOutcome> agentRound(int waitSeconds) throws HostException {
        List<TaskOutcome> done = new ArrayList<>(fresh().applyWithHeld(heartbeatWithTasks().tasks()));
        List<HeartbeatResponse.PushTask> polled = new ManagementClient(state.tmsUrl, state.hostCa).poll(state.deviceCredential, waitSeconds).tasks();
        done.addAll(fresh().applyWithHeld(polled)); // the state as it is now: a sale may have happened while polling
        return done;
    }

    private TerminalService fresh() {
        return new TerminalService(home, clock);
    }

    private List<TaskOutcome> applyWithHeld(List<HeartbeatResponse.PushTask> received) throws HostException {
        List<HeartbeatResponse.PushTask> all = new ArrayList<>(state.deferredTasks.stream()
                .map(d -> new HeartbeatResponse.PushTask(d.id(), d.type(), d.payload())).toList());
        state.deferredTasks = new ArrayList<>();
        received.stream().filter(t -> all.stream().noneMatch(a -> a.id() == t.id())).forEach(all::add);
        if (!all.isEmpty()) {
            state.save(home); // what is still held is written back by apply
        }
        return apply(all);
    }

    private List<TaskOutcome> apply(List<HeartbeatResponse.PushTask> tasks) throws HostException {
        List<TaskOutcome> out = new ArrayList<>();
        ManagementClient tms = new ManagementClient(state.tmsUrl, state.hostCa);
        for (HeartbeatResponse.PushTask t : tasks) {
            TaskOutcome o = applyOne(t);
            if ("DEFERRED".equals(o.result())) {
                if (state.deferredTasks.stream().noneMatch(d -> d.id() == t.id())) {
                    state.deferredTasks.add(new TerminalState.DeferredTask(t.id(), t.type(), t.payload()));
                    state.save(home);
                }
            } else {
                tms.report(state.deviceCredential, t.id(), new TaskResult(o.result(), "FAILED".equals(o.result()) ? o.detail() : null));
            }
            out.add(o);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private TaskOutcome applyOne(HeartbeatResponse.PushTask t) {
        if (inTransaction()) { // nothing changes under a sale: not the configuration, not the software
            return new TaskOutcome(t.id(), t.type(), "DEFERRED", "a transaction is in progress");
        }
        try {
            Map<String, Object> payload = JSON.readValue(t.payload(), Map.class);
            switch (t.type()) {
                case "CONFIG" -> {
                    if (!(payload.get("version") instanceof Number v) || !(payload.get("settings") instanceof Map<?, ?> settings)) {
                        return new TaskOutcome(t.id(), t.type(), "FAILED", "configuration without version or settings");
                    }
                    KernelConfig.from((Map<String, Object>) settings); // refuse what the kernel could not use
                    state.config = new java.util.HashMap<>((Map<String, Object>) settings);
                    state.configVersion = v.intValue();
                    if (settings.get("merchantName") instanceof String name) {
                        state.merchantName = name;
                    }
                    if (settings.get("hostTimeoutMillis") instanceof Number timeout) {
                        state.hostTimeoutMillis = timeout.intValue();
                    }
                    state.save(home);
                    return new TaskOutcome(t.id(), t.type(), "APPLIED", "configuration version " + v);
                }
                case "REFUND" -> {
                    return refundTask(t, payload);
                }
                case "SETTLE_NOW" -> {
                    Settled s = settle();
                    return new TaskOutcome(t.id(), t.type(), "APPLIED", "batch " + s.batch().batch() + " settled");
                }
                case "KEY_ROTATION" -> {
                    signOn();
                    return new TaskOutcome(t.id(), t.type(), "APPLIED", "signed on with new working keys");
                }
                case "TMK_ROTATION" -> {
                    return rotateTmk(t, payload);
                }
                case "SOFTWARE" -> {
                    String version = String.valueOf(payload.get("version"));
                    if (!version.matches("[0-9A-Za-z.+-]{1,32}")) {
                        return new TaskOutcome(t.id(), t.type(), "FAILED", "not a software version: " + version);
                    }
                    state.softwareVersion = version;
                    state.save(home);
                    return new TaskOutcome(t.id(), t.type(), "APPLIED", "now running " + version);
                }
                default -> {
                    return new TaskOutcome(t.id(), t.type(), "FAILED", "unknown task type " + t.type());
                }
            }
        } catch (HostException | RuntimeException | java.io.IOException e) {
            return new TaskOutcome(t.id(), t.type(), "FAILED", String.valueOf(e.getMessage()));
        }
    }

    /** A sale is between its first message and its end: software must not change under it. */
    public boolean inTransaction() {
        return java.nio.file.Files.exists(home.resolve(TRANSACTION_LOCK)) || state.pendingReversal != null;
    }

    static final String TRANSACTION_LOCK = "transaction.lock";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private void keepReceiptToken(TerminalState.Transaction t, ISOMsg answer) {
        String token = answer.getString(63);
        if ("00".equals(t.responseCode()) && token != null && token.matches("[A-Za-z0-9_-]{22}")) {
            state.receiptTokens.put(t.batch() + ":" + t.stan(), token);
        }
    }

    private void record(TerminalState.Transaction t) {
        state.transactions.add(t);
        state.save(home);
    }

    private FinancialChannel open() throws HostException {
        return FinancialChannel.open(state.hostAddress, state.hostPort, state.hostTimeoutMillis, state.hostCa);
    }

    private Messages.Terminal terminal() {
        return new Messages.Terminal(state.tid, state.mid);
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock);
    }

    private void requireSignedOn() throws HostException {
        requireActivated();
        if (!state.signedOn()) {
            throw new HostException("sign on first (terminal sign-on)");
        }
    }

    private void requireActivated() throws HostException {
        if (!state.activated()) {
            throw new HostException("this terminal is not activated yet (terminal activate --serial S --code C)");
        }
    }

    private static void requireApproved(ISOMsg r, String what) throws HostException {
        String rc = r.getString(39);
        if (!"00".equals(rc)) {
            throw new HostException(what + " refused by the host: " + ResponseText.of(rc) + " (" + rc + ")");
        }
    }
}
