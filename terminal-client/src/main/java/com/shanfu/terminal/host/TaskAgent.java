package com.shanfu.terminal.host;

import com.shanfu.protocol.crypto.Tdes;
import com.shanfu.protocol.management.HeartbeatResponse;
import com.shanfu.protocol.management.LogUpload;
import com.shanfu.protocol.management.TaskResult;
import com.shanfu.terminal.kernel.KernelConfig;
import com.shanfu.terminal.state.TerminalState;
import com.shanfu.tms.contract.TaskKind;
import com.shanfu.tms.contract.TaskState;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The terminal's task agent: what the TMS pushes (configuration, new working keys or TMK, a settlement, software, a
 * refund asked for in the portal) is applied here and the result reported. Nothing changes under a sale: a task that
 * arrives during one is held, written down, and applied in the next round.
 */
public final class TaskAgent {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final TerminalService terminal;

    TaskAgent(TerminalService terminal) {
        this.terminal = terminal;
    }

    /** What became of one push task on this terminal: applied, failed (both reported), or held until the sale ends. */
    public record TaskOutcome(long id, TaskKind kind, Result result, String detail) {

        public enum Result {
            APPLIED,
            FAILED,
            DEFERRED;

            /** What the TMS is told; a deferred task is not reported. */
            TaskState reported() {
                return this == APPLIED ? TaskState.APPLIED : TaskState.FAILED;
            }
        }
    }

    /**
     * One round: a heartbeat (health in, due tasks out), then a long poll of up to {@code waitSeconds}; every task
     * received is applied and its result reported to the TMS.
     */
    List<TaskOutcome> round(int waitSeconds) throws HostException {
        List<TaskOutcome> done = new ArrayList<>(
                fresh().applyWithHeld(terminal.heartbeatWithTasks().tasks()));
        List<HeartbeatResponse.PushTask> polled = new ManagementClient(
                        terminal.state().tmsUrl(), terminal.state().hostCa())
                .poll(terminal.state().deviceCredential(), waitSeconds)
                .tasks();
        done.addAll(fresh().applyWithHeld(polled)); // the state as it is now: a sale may have happened while polling
        return done;
    }

    /** The agent over the terminal's state as it is on disk now. */
    private TaskAgent fresh() {
        return new TaskAgent(terminal.reloaded());
    }

    private List<TaskOutcome> applyWithHeld(List<HeartbeatResponse.PushTask> received) throws HostException {
        List<HeartbeatResponse.PushTask> all = new ArrayList<>(terminal.state().takeDeferredTasks().stream()
                .map(d -> new HeartbeatResponse.PushTask(d.id(), d.type(), d.payload()))
                .toList());
        received.stream()
                .filter(t -> all.stream().noneMatch(a -> a.id() == t.id()))
                .forEach(all::add);
        if (!all.isEmpty()) {
            terminal.state().save(terminal.home()); // what is still held is written back by apply
        }
        return apply(all);
    }

    private List<TaskOutcome> apply(List<HeartbeatResponse.PushTask> tasks) throws HostException {
        List<TaskOutcome> out = new ArrayList<>();
        ManagementClient tms =
                new ManagementClient(terminal.state().tmsUrl(), terminal.state().hostCa());
        for (HeartbeatResponse.PushTask t : tasks) {
            TaskOutcome o = applyOne(t);
            terminal.log()
                    .write(
                            o.result() == TaskOutcome.Result.FAILED ? "WARN" : "INFO",
                            "task " + t.id() + " " + t.type() + " " + o.result() + ": " + o.detail());
            if (o.result() == TaskOutcome.Result.DEFERRED) {
                if (terminal.state().deferred(new TerminalState.DeferredTask(t.id(), t.type(), t.payload()))) {
                    terminal.state().save(terminal.home());
                }
            } else {
                tms.report(
                        terminal.state().deviceCredential(),
                        t.id(),
                        new TaskResult(
                                o.result().reported(), o.result() == TaskOutcome.Result.FAILED ? o.detail() : null));
            }
            out.add(o);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private TaskOutcome applyOne(HeartbeatResponse.PushTask t) {
        if (terminal.inTransaction()) { // nothing changes under a sale: not the configuration, not the software
            return new TaskOutcome(t.id(), t.type(), TaskOutcome.Result.DEFERRED, "a transaction is in progress");
        }
        if (t.type() == null) {
            return new TaskOutcome(
                    t.id(), null, TaskOutcome.Result.FAILED, "a task of a kind this software does not know");
        }
        try {
            Map<String, Object> payload = JSON.readValue(t.payload(), Map.class);
            switch (t.type()) {
                case CONFIG -> {
                    if (!(payload.get("version") instanceof Number v)
                            || !(payload.get("settings") instanceof Map<?, ?> settings)) {
                        return new TaskOutcome(
                                t.id(),
                                t.type(),
                                TaskOutcome.Result.FAILED,
                                "configuration without version or settings");
                    }
                    KernelConfig.from((Map<String, Object>) settings); // refuse what the kernel could not use
                    terminal.state().configured(v.intValue(), (Map<String, Object>) settings);
                    terminal.state().save(terminal.home());
                    return new TaskOutcome(t.id(), t.type(), TaskOutcome.Result.APPLIED, "configuration version " + v);
                }
                case REFUND -> {
                    return refundTask(t, payload);
                }
                case SETTLE_NOW -> {
                    TerminalService.Settled s = terminal.settle();
                    return new TaskOutcome(
                            t.id(),
                            t.type(),
                            TaskOutcome.Result.APPLIED,
                            "batch " + s.batch().batch() + " settled");
                }
                case KEY_ROTATION -> {
                    terminal.signOn();
                    return new TaskOutcome(
                            t.id(), t.type(), TaskOutcome.Result.APPLIED, "signed on with new working keys");
                }
                case TMK_ROTATION -> {
                    return rotateTmk(t, payload);
                }
                case LOG_UPLOAD -> {
                    return uploadLog(t, payload);
                }
                case SOFTWARE -> {
                    SoftwareUpdate.Outcome o = new SoftwareUpdate(terminal).apply(payload);
                    return new TaskOutcome(
                            t.id(),
                            t.type(),
                            o.deferred()
                                    ? TaskOutcome.Result.DEFERRED
                                    : o.applied() ? TaskOutcome.Result.APPLIED : TaskOutcome.Result.FAILED,
                            o.detail());
                }
                default -> throw new IllegalStateException("no way to apply a " + t.type() + " task");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TaskOutcome(t.id(), t.type(), TaskOutcome.Result.DEFERRED, "interrupted");
        } catch (HostException | RuntimeException | java.io.IOException e) {
            return new TaskOutcome(t.id(), t.type(), TaskOutcome.Result.FAILED, String.valueOf(e.getMessage()));
        }
    }

    /**
     * A new TMK as a TR-31 key block (K0) under the current one: opened, checked against its KCV, kept, and proved by a
     * sign-on under it (the host puts it in force then; it accepts both until that sign-on). A block that does not
     * open under the current TMK is refused and the current TMK stays.
     */
    private TaskOutcome rotateTmk(HeartbeatResponse.PushTask t, Map<String, Object> payload) throws HostException {
        byte[] current = HEX.parseHex(terminal.state().tmk());
        byte[] next;
        try {
            next = com.shanfu.protocol.crypto.Tr31.unwrap(
                    current,
                    String.valueOf(payload.get("keyBlock")),
                    com.shanfu.protocol.crypto.Tr31.Usage.KEY_ENCRYPTION);
        } catch (IllegalArgumentException e) {
            return new TaskOutcome(t.id(), t.type(), TaskOutcome.Result.FAILED, "new TMK refused: " + e.getMessage());
        } finally {
            java.util.Arrays.fill(current, (byte) 0);
        }
        String kcv = HEX.formatHex(Tdes.kcv(next, 4));
        if (!kcv.equals(payload.get("kcv"))) {
            return new TaskOutcome(t.id(), t.type(), TaskOutcome.Result.FAILED, "new TMK refused: its KCV is " + kcv);
        }
        terminal.state().tmkReplaced(HEX.formatHex(next), kcv);
        java.util.Arrays.fill(next, (byte) 0);
        terminal.state()
                .save(terminal.home()); // kept before the sign-on: the host may put it in force even if the answer is
        // lost
        terminal.signOn();
        return new TaskOutcome(
                t.id(), t.type(), TaskOutcome.Result.APPLIED, "new TMK " + kcv + " in force; signed on under it");
    }

    /**
     * The last {@code maxBytes} of the terminal's log, redacted again, sent for this task on the management channel.
     * Sending it twice (a task delivered again) replaces the first.
     */
    private TaskOutcome uploadLog(HeartbeatResponse.PushTask t, Map<String, Object> payload)
            throws HostException, java.io.IOException {
        int max = payload.get("maxBytes") instanceof Number n ? n.intValue() : LogUpload.DEFAULT_BYTES;
        if (max < LogUpload.MIN_BYTES || max > LogUpload.MAX_BYTES) {
            return new TaskOutcome(
                    t.id(),
                    t.type(),
                    TaskOutcome.Result.FAILED,
                    "maxBytes must be " + LogUpload.MIN_BYTES + " to " + LogUpload.MAX_BYTES);
        }
        terminal.log().info("log upload asked by task " + t.id() + " (at most " + max + " bytes)");
        String text = terminal.log().tail(max);
        new ManagementClient(terminal.state().tmsUrl(), terminal.state().hostCa())
                .uploadLog(terminal.state().deviceCredential(), t.id(), text);
        return new TaskOutcome(
                t.id(),
                t.type(),
                TaskOutcome.Result.APPLIED,
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + " bytes, "
                        + text.lines().count() + " lines uploaded");
    }

    /** A refund the merchant asked for in the portal, carried out once however often the task is delivered. */
    private TaskOutcome refundTask(HeartbeatResponse.PushTask task, Map<String, Object> payload) throws HostException {
        String earlier = terminal.state().finishedRefundTask(task.id());
        if (earlier != null) {
            String[] parts = earlier.split("\\|", 2);
            return new TaskOutcome(task.id(), task.type(), TaskOutcome.Result.valueOf(parts[0]), parts[1]);
        }
        if (!(payload.get("originalBatch") instanceof Number batch)
                || !(payload.get("originalStan") instanceof Number stan)
                || !(payload.get("amountFen") instanceof Number amount)) {
            return new TaskOutcome(
                    task.id(),
                    task.type(),
                    TaskOutcome.Result.FAILED,
                    "refund without original batch, trace or amount");
        }
        TerminalState.Transaction original = terminal.original(stan.intValue(), batch.intValue());
        long left = terminal.state().refundable(original);
        if (amount.longValue() <= 0 || amount.longValue() > left) {
            return finishRefundTask(
                    task,
                    TaskOutcome.Result.FAILED,
                    "at most CNY " + java.math.BigDecimal.valueOf(left, 2).toPlainString() + " of trace "
                            + String.format("%06d", stan.intValue()) + " can still be refunded");
        }
        TerminalState.Transaction t =
                terminal.cancel(TerminalState.Transaction.REFUND, original, amount.longValue(), task.id());
        return "00".equals(t.responseCode())
                ? new TaskOutcome(
                        task.id(),
                        task.type(),
                        TaskOutcome.Result.APPLIED,
                        "refunded, trace " + String.format("%06d", t.stan()))
                : new TaskOutcome(
                        task.id(),
                        task.type(),
                        TaskOutcome.Result.FAILED,
                        ResponseText.of(t.responseCode()) + " (" + t.responseCode() + ")");
    }

    private TaskOutcome finishRefundTask(HeartbeatResponse.PushTask task, TaskOutcome.Result result, String detail) {
        terminal.state().refundTaskFinished(task.id(), result + "|" + detail);
        terminal.state().save(terminal.home());
        return new TaskOutcome(task.id(), task.type(), result, detail);
    }
}
