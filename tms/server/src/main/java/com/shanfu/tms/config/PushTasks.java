package com.shanfu.tms.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shanfu.tms.contract.DeviceStatus;
import com.shanfu.tms.contract.Rollout;
import com.shanfu.tms.contract.TaskKind;
import com.shanfu.tms.contract.TaskState;
import com.shanfu.tms.device.Device;
import com.shanfu.tms.device.DeviceRepository;
import com.shanfu.tms.web.TmsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Push tasks and their delivery: created for one terminal or a group, handed out on the terminal's next contact
 * (heartbeat or long poll), acknowledged as applied or failed. A task handed out but never answered is handed out
 * again after {@link #REDELIVER_AFTER}; a newer configuration supersedes an unfinished older one.
 */
@Service
public class PushTasks {

    static final Duration REDELIVER_AFTER = Duration.ofMinutes(2);

    private final PushTaskRepository tasks;
    private final DeviceRepository devices;
    private final TaskSignals signals;
    private final org.springframework.jdbc.core.JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    private final org.springframework.context.ApplicationEventPublisher events;

    private final org.springframework.beans.factory.ObjectProvider<TmkRotations> rotations;

    PushTasks(
            PushTaskRepository tasks,
            DeviceRepository devices,
            TaskSignals signals,
            org.springframework.jdbc.core.JdbcTemplate jdbc,
            ObjectMapper json,
            Clock clock,
            org.springframework.context.ApplicationEventPublisher events,
            org.springframework.beans.factory.ObjectProvider<TmkRotations> rotations) {
        this.rotations = rotations;
        this.events = events;
        this.tasks = tasks;
        this.devices = devices;
        this.signals = signals;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public PushTask create(Device device, TaskKind kind, Map<String, Object> payload, String batchRef, String actor) {
        Instant now = clock.instant();
        if (PushTask.supersedes(kind)) {
            tasks.findByDeviceIdAndKindAndStatusIn(device.id(), kind, List.of(TaskState.PENDING, TaskState.DELIVERED))
                    .forEach(t -> t.superseded(now));
        }
        PushTask t = tasks.save(new PushTask(device.id(), kind, write(payload), batchRef, actor, now));
        signals.signalAfterCommit(device.id());
        return t;
    }

    /** A task for every active terminal of a group (ALL, MODEL, REGION, MERCHANT, TERMINAL). */
    @Transactional
    public Rollout pushToGroup(String scope, String key, TaskKind kind, Map<String, Object> payload, String actor) {
        if (kind == TaskKind.CONFIG) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST, "use-configurations", "configuration is pushed by publishing it");
        }
        if (kind
                == TaskKind.REFUND) { // a refund moves money: only a merchant's refund request, with its own accounting
            throw new TmsException(
                    HttpStatus.BAD_REQUEST,
                    "refund-needs-request",
                    "a refund is made from the merchant's refund request (POST /api/v1/merchants/{mid}/refund-requests), never for a group");
        }
        if (kind == TaskKind.LOG_UPLOAD) { // a log is read by a person: asked of one terminal at a time
            throw new TmsException(
                    HttpStatus.BAD_REQUEST,
                    "log-one-terminal",
                    "a log is asked of one terminal at a time (POST /api/v1/devices/{serial}/logs), never of a group");
        }
        if (kind == TaskKind.SOFTWARE) { // a package, signed, in stages: never a bare version number for a group
            throw new TmsException(
                    HttpStatus.BAD_REQUEST,
                    "use-software-rollouts",
                    "software goes out as a staged rollout of an uploaded package"
                            + " (POST /api/v1/software/{version}/rollouts)");
        }
        String batch =
                kind.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<Device> group = devices.inGroup(DeviceStatus.ACTIVE, scope, key);
        if (kind == TaskKind.TMK_ROTATION) { // each terminal its own new TMK, under its own current one
            TmkRotations rotations = this.rotations.getObject();
            group.forEach(d -> rotations.rotate(d, batch, actor));
            return new Rollout(batch, 0, group.size());
        }
        group.forEach(d -> create(d, kind, payload, batch, actor));
        return new Rollout(batch, 0, group.size());
    }

    /** Hands out what is due for this terminal (marked delivered). */
    @Transactional
    public List<PushTask> due(Device device) {
        Instant now = clock.instant();
        List<PushTask> due = tasks.due(device.id(), now.minus(REDELIVER_AFTER));
        due.forEach(t -> t.delivered(now));
        return due;
    }

    /** True when something is due, without handing it out (for the long poll). */
    @Transactional(readOnly = true)
    public boolean anyDue(Device device) {
        return !tasks.due(device.id(), clock.instant().minus(REDELIVER_AFTER)).isEmpty();
    }

    /** A terminal finished a task (published inside the reporting transaction). */
    public record TaskFinished(long taskId, TaskKind kind, boolean applied, String reason) {}

    /** The terminal's answer to a task it was given. */
    @Transactional
    public PushTask report(Device device, long taskId, boolean applied, String reason) {
        PushTask t = tasks.lockById(taskId)
                .filter(x -> x.getDeviceId().equals(device.id()))
                .orElseThrow(() -> new TmsException(
                        HttpStatus.NOT_FOUND, "unknown-task", "no task " + taskId + " for this terminal"));
        if (t.finished()) {
            if (t.getStatus() == (applied ? TaskState.APPLIED : TaskState.FAILED)) {
                return t; // the same answer again (a retry): nothing changes
            }
            throw new TmsException(
                    HttpStatus.CONFLICT, "task-finished", "task " + taskId + " is already " + t.getStatus());
        }
        if (!applied && (reason == null || reason.isBlank())) {
            throw new TmsException(HttpStatus.BAD_REQUEST, "reason-required", "a failed task needs a reason");
        }
        t.finished(
                applied,
                applied
                        ? null
                        : reason.strip()
                                .substring(0, Math.min(200, reason.strip().length())),
                clock.instant());
        if (applied && t.getKind() == TaskKind.CONFIG) {
            Object v = read(t.getPayloadJson()).get("version");
            Device d = devices.findById(device.id()).orElseThrow();
            d.configApplied(((Number) v).intValue());
        }
        events.publishEvent(new TaskFinished(t.getId(), t.getKind(), applied, t.getReason()));
        return t;
    }

    /**
     * Ends a task that was never carried out in time (its reason says so); false when it had already finished. The
     * task's row is locked first, so a terminal's report at the same moment is either before (and wins) or after (and
     * is refused as finished).
     */
    @Transactional
    public boolean expire(long taskId, String reason) {
        PushTask t = tasks.lockById(taskId).orElseThrow();
        if (t.finished()) {
            return false;
        }
        t.finished(false, reason, clock.instant());
        events.publishEvent(new TaskFinished(t.getId(), t.getKind(), false, reason));
        return true;
    }

    /**
     * Waits up to the timeout for something due. Looks into the database once, then waits for a signal: this
     * instance's own commits signal at once, tasks committed by another instance through {@link PushWatcher}. A poll
     * that ends empty is made again by the terminal, which looks into the database again.
     */
    public boolean awaitDue(Device device, Duration timeout) throws InterruptedException {
        TaskSignals.Slot slot = signals.enter(device.id());
        try {
            long seen = signals.generation(slot);
            return anyDue(device) || signals.await(slot, seen, timeout.toMillis());
        } finally {
            signals.leave(device.id());
        }
    }

    /** Long polls held on this instance now. */
    public int waitingPolls() {
        return signals.waiting();
    }

    /**
     * One task for each of many terminals (a configuration rollout), written as batched inserts. Each terminal's
     * unfinished older task of the kind is superseded first, as {@link #create} does one by one; the terminals' polls
     * are woken once it is committed.
     */
    @Transactional
    public void createAll(TaskKind kind, Map<Long, String> payloadByDevice, String batchRef, String actor) {
        java.sql.Timestamp now = java.sql.Timestamp.from(clock.instant());
        List<Long> ids = List.copyOf(payloadByDevice.keySet());
        for (int from = 0; PushTask.supersedes(kind) && from < ids.size(); from += 1000) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
            List<Object> args = new java.util.ArrayList<>(List.of(PushTask.SUPERSEDED, now, kind.name()));
            args.addAll(chunk);
            jdbc.update(
                    "update push_task set status = 'FAILED', reason = ?, finished_at = ?,"
                            + " version = version + 1 where kind = ? and status in ('PENDING', 'DELIVERED')"
                            + " and device_id in (" + String.join(",", java.util.Collections.nCopies(chunk.size(), "?"))
                            + ")",
                    args.toArray());
        }
        jdbc.batchUpdate(
                "insert into push_task (device_id, kind, payload_json, status, attempts, batch_ref, created_by,"
                        + " created_at, version) values (?, ?, ?, 'PENDING', 0, ?, ?, ?, 0)",
                ids,
                1000,
                (ps, id) -> {
                    ps.setLong(1, id);
                    ps.setString(2, kind.name());
                    ps.setString(3, payloadByDevice.get(id));
                    ps.setString(4, batchRef);
                    ps.setString(5, actor);
                    ps.setTimestamp(6, now);
                });
        signals.signalAfterCommit(ids);
    }

    @Transactional(readOnly = true)
    public Page<PushTask> ofDevice(Device device, Pageable page) {
        return tasks.findByDeviceIdOrderByIdDesc(device.id(), page);
    }

    @Transactional(readOnly = true)
    public Page<PushTask> ofBatch(String batchRef, Pageable page) {
        return tasks.findByBatchRefOrderByIdAsc(batchRef, page);
    }

    /** Holds back a batch's undelivered tasks (a paused rollout): they are not handed out until released. */
    @Transactional
    public int holdPending(String batchRef) {
        return jdbc.update("UPDATE push_task SET status = 'HELD' WHERE batch_ref = ? AND status = 'PENDING'", batchRef);
    }

    /** Hands a batch's held tasks out again (a resumed rollout); online terminals are woken. */
    @Transactional
    public int releaseHeld(String batchRef) {
        List<Long> deviceIds = jdbc.queryForList(
                "SELECT device_id FROM push_task WHERE batch_ref = ? AND status = 'HELD'", Long.class, batchRef);
        int n = jdbc.update(
                "UPDATE push_task SET status = 'PENDING' WHERE batch_ref = ? AND status = 'HELD'", batchRef);
        signals.signalAfterCommit(deviceIds);
        return n;
    }

    /** Ends a batch's undelivered and held tasks as failed with the reason (a rollout rolled back). */
    @Transactional
    public int cancelOpen(String batchRef, String reason) {
        return jdbc.update(
                "UPDATE push_task SET status = 'FAILED', reason = ?, finished_at = ? WHERE batch_ref = ?"
                        + " AND status IN ('PENDING', 'HELD')",
                reason,
                java.sql.Timestamp.from(clock.instant()),
                batchRef);
    }

    /** The task's batch, device and payload, for those who act on its result. */
    @Transactional(readOnly = true)
    public java.util.Optional<PushTask> byId(long taskId) {
        return tasks.findById(taskId);
    }

    /** The devices a batch has a task for, with the task's state. */
    @Transactional(readOnly = true)
    public Map<Long, TaskState> devicesOf(String batchRef) {
        Map<Long, TaskState> m = new java.util.HashMap<>();
        jdbc.query(
                "SELECT device_id, status FROM push_task WHERE batch_ref = ?",
                rs -> {
                    m.put(rs.getLong(1), TaskState.valueOf(rs.getString(2)));
                },
                batchRef);
        return m;
    }

    /** How far a rollout got: tasks per status. */
    @Transactional(readOnly = true)
    public Map<TaskState, Long> progress(String batchRef) {
        Map<TaskState, Long> m = new EnumMap<>(TaskState.class);
        for (TaskState s : TaskState.values()) {
            m.put(s, 0L);
        }
        for (Object[] row : tasks.countByStatus(batchRef)) {
            m.put((TaskState) row[0], (Long) row[1]);
        }
        return m;
    }

    Map<String, Object> read(String s) {
        try {
            return json.readValue(s, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String write(Map<String, Object> payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
