package com.shanfu.tms.software;

import com.shanfu.tms.config.PushTask;
import com.shanfu.tms.config.PushTasks;
import com.shanfu.tms.contract.DeviceStatus;
import com.shanfu.tms.contract.Scope;
import com.shanfu.tms.contract.SoftwareRollout;
import com.shanfu.tms.contract.TaskKind;
import com.shanfu.tms.contract.TaskState;
import com.shanfu.tms.device.Device;
import com.shanfu.tms.device.DeviceRepository;
import com.shanfu.tms.web.TmsException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staged software rollouts (docs/fleet.md, "Software packages"). A rollout sends a package to a share of a group's
 * active terminals, chosen by a stable order of their serials so that a larger share later keeps the first ones. When
 * the share of failed tasks among finished ones passes the rollout's threshold it pauses by itself: its undelivered
 * tasks are held. An admin resumes it (to a larger share if asked) or rolls it back: the open tasks end, and every
 * terminal that took the new version, now or later, gets a task back to the version it had.
 */
@Service
public class SoftwareRollouts {

    private static final Logger log = LoggerFactory.getLogger(SoftwareRollouts.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final JdbcTemplate jdbc;
    private final PushTasks tasks;
    private final DeviceRepository devices;
    private final SoftwarePackages packages;
    private final Clock clock;

    SoftwareRollouts(
            JdbcTemplate jdbc, PushTasks tasks, DeviceRepository devices, SoftwarePackages packages, Clock clock) {
        this.jdbc = jdbc;
        this.tasks = tasks;
        this.devices = devices;
        this.packages = packages;
        this.clock = clock;
    }

    @Transactional
    public SoftwareRollout start(SoftwareRollout.Start r, String actor) {
        if (r == null || r.version() == null || r.scope() == null) {
            throw new TmsException(HttpStatus.BAD_REQUEST, "invalid-request", "version and scope are required");
        }
        int percent = r.percent() == null ? 100 : r.percent();
        int maxFailure = r.maxFailurePercent() == null ? 10 : r.maxFailurePercent();
        if (percent < 1 || percent > 100 || maxFailure < 0 || maxFailure > 100) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST, "invalid-share", "percent must be 1-100 and maxFailurePercent 0-100");
        }
        if (r.scope() != Scope.ALL && (r.key() == null || r.key().isBlank())) {
            throw new TmsException(HttpStatus.BAD_REQUEST, "key-required", "a " + r.scope() + " group needs its key");
        }
        packages.find(r.version())
                .orElseThrow(() -> new TmsException(
                        HttpStatus.NOT_FOUND, "unknown-version", "no package of version " + r.version()));
        String batch = "software-" + UUID.randomUUID().toString().substring(0, 8);
        String key = r.scope() == Scope.ALL ? null : r.key().strip();
        jdbc.update(
                "INSERT INTO software_rollout (batch_ref, version, scope, scope_key, percent, max_failure_pct, status,"
                        + " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, 'RUNNING', ?, ?)",
                batch,
                r.version(),
                r.scope().name(),
                key,
                percent,
                maxFailure,
                actor,
                Timestamp.from(clock.instant()));
        extendTo(batch, r.version(), r.scope(), key, percent, actor);
        return view(batch);
    }

    /** Creates the tasks of the first {@code percent} of the group (in its stable order) that have none yet. */
    private void extendTo(String batch, String version, Scope scope, String key, int percent, String actor) {
        List<Device> group = devices.inGroup(DeviceStatus.ACTIVE, scope.name(), key).stream()
                .sorted(Comparator.comparingInt((Device d) -> (d.serial() + "|" + version).hashCode())
                        .thenComparing(Device::serial))
                .toList();
        int take = (int) Math.ceil(group.size() * percent / 100.0);
        Map<Long, TaskState> already = tasks.devicesOf(batch);
        var pkg = packages.stored(version).orElseThrow();
        for (Device d : group.subList(0, take)) {
            if (already.containsKey(d.id()) || version.equals(d.softwareVersion())) {
                continue; // it has its task, or runs this version already
            }
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("version", version);
            payload.put("sha256", pkg.version().sha256());
            payload.put("size", pkg.version().sizeBytes());
            payload.put("signature", pkg.signature());
            payload.put("fromVersion", d.softwareVersion());
            tasks.create(d, TaskKind.SOFTWARE, payload, batch, actor);
        }
    }

    @Transactional
    public SoftwareRollout pause(String batch, String actor) {
        Row r = lock(batch);
        if (!r.status().equals("RUNNING")) {
            throw conflict(batch, r.status());
        }
        setStatus(batch, "PAUSED", "paused by " + actor);
        tasks.holdPending(batch);
        return view(batch);
    }

    /** Resumes a paused rollout, to a larger share of its group when {@code percent} says so. */
    @Transactional
    public SoftwareRollout resume(String batch, Integer percent, String actor) {
        Row r = lock(batch);
        if (r.status().equals("ROLLED_BACK")) {
            throw conflict(batch, r.status());
        }
        int share = percent == null ? r.percent() : percent;
        if (share < r.percent() || share > 100) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST,
                    "invalid-share",
                    "a rollout only grows: percent must be " + r.percent() + "-100");
        }
        setStatus(batch, "RUNNING", "resumed by " + actor + (share != r.percent() ? " to " + share + "%" : ""));
        jdbc.update("UPDATE software_rollout SET percent = ? WHERE batch_ref = ?", share, batch);
        tasks.releaseHeld(batch);
        extendTo(batch, r.version(), Scope.valueOf(r.scope()), r.key(), share, actor);
        return view(batch);
    }

    /** Stops a rollout: its open tasks end, and its terminals on the new version go back to the one they had. */
    @Transactional
    public SoftwareRollout rollBack(String batch, String actor) {
        Row r = lock(batch);
        if (r.status().equals("ROLLED_BACK")) {
            return view(batch); // asked twice: once is enough
        }
        setStatus(batch, "ROLLED_BACK", "rolled back by " + actor);
        tasks.cancelOpen(batch, "the rollout was rolled back by " + actor);
        jdbc.queryForList("SELECT id FROM push_task WHERE batch_ref = ? AND status = 'APPLIED'", Long.class, batch)
                .forEach(id -> tasks.byId(id).ifPresent(t -> back(t, actor)));
        return view(batch);
    }

    /**
     * Watches the rollout's results as terminals report them (in the reporting transaction): too many failures pause
     * it; a terminal that applies the new version after a rollback is sent back too.
     */
    @EventListener
    @Transactional
    public void onFinished(PushTasks.TaskFinished f) {
        if (f.kind() != TaskKind.SOFTWARE) {
            return;
        }
        PushTask t = tasks.byId(f.taskId()).orElse(null);
        if (t == null || !t.getBatchRef().startsWith("software-")) {
            return;
        }
        List<Row> rows = rows("SELECT * FROM software_rollout WHERE batch_ref = ? FOR UPDATE", t.getBatchRef());
        if (rows.isEmpty()) {
            return; // a rollback's own task
        }
        Row r = rows.getFirst();
        if (r.status().equals("ROLLED_BACK")) {
            if (f.applied()) {
                back(t, "rollback");
            }
            return;
        }
        Map<TaskState, Long> p = tasks.progress(t.getBatchRef());
        long failed = p.get(TaskState.FAILED);
        long finished = failed + p.get(TaskState.APPLIED);
        if (r.status().equals("RUNNING") && failed * 100 > (long) r.maxFailurePct() * finished) {
            String why = "paused by itself: " + failed + " of " + finished + " finished failed, above "
                    + r.maxFailurePct() + "% (last: " + f.reason() + ")";
            setStatus(r.batchRef(), "PAUSED", why.substring(0, Math.min(200, why.length())));
            int held = tasks.holdPending(r.batchRef());
            log.warn("software rollout {} to {} {}; {} task(s) held", r.batchRef(), r.version(), why, held);
        }
    }

    /** A task back to the version the terminal had before this rollout (kept beside the new one on the terminal). */
    private void back(PushTask applied, String actor) {
        Map<String, Object> was = read(applied.getPayloadJson());
        Object from = was.get("fromVersion");
        Device d = devices.findById(applied.getDeviceId()).orElseThrow();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("version", from == null ? "factory" : from);
        payload.put("rollback", true);
        packages.stored(String.valueOf(from)).ifPresent(p -> {
            payload.put("sha256", p.version().sha256());
            payload.put("size", p.version().sizeBytes());
            payload.put("signature", p.signature());
        });
        tasks.create(d, TaskKind.SOFTWARE, payload, applied.getBatchRef() + "-back", actor);
    }

    public List<SoftwareRollout> all() {
        return rows("SELECT * FROM software_rollout ORDER BY created_at DESC LIMIT 100").stream()
                .map(r -> view(r))
                .toList();
    }

    public SoftwareRollout view(String batch) {
        return rows("SELECT * FROM software_rollout WHERE batch_ref = ?", batch).stream()
                .findFirst()
                .map(this::view)
                .orElseThrow(() -> new TmsException(HttpStatus.NOT_FOUND, "unknown-rollout", "no rollout " + batch));
    }

    private SoftwareRollout view(Row r) {
        int groupSize = devices.inGroup(DeviceStatus.ACTIVE, r.scope(), r.key()).size();
        return new SoftwareRollout(
                r.batchRef(),
                r.version(),
                Scope.valueOf(r.scope()),
                r.key(),
                r.percent(),
                r.maxFailurePct(),
                r.status(),
                r.statusReason(),
                tasks.progress(r.batchRef()),
                groupSize,
                r.createdBy(),
                r.createdAt());
    }

    private record Row(
            String batchRef,
            String version,
            String scope,
            String key,
            int percent,
            int maxFailurePct,
            String status,
            String statusReason,
            String createdBy,
            java.time.Instant createdAt) {}

    private Row lock(String batch) {
        return rows("SELECT * FROM software_rollout WHERE batch_ref = ? FOR UPDATE", batch).stream()
                .findFirst()
                .orElseThrow(() -> new TmsException(HttpStatus.NOT_FOUND, "unknown-rollout", "no rollout " + batch));
    }

    private List<Row> rows(String sql, Object... args) {
        return jdbc.query(
                sql,
                (rs, i) -> new Row(
                        rs.getString("batch_ref"),
                        rs.getString("version"),
                        rs.getString("scope"),
                        rs.getString("scope_key"),
                        rs.getInt("percent"),
                        rs.getInt("max_failure_pct"),
                        rs.getString("status"),
                        rs.getString("status_reason"),
                        rs.getString("created_by"),
                        rs.getTimestamp("created_at").toInstant()),
                args);
    }

    private void setStatus(String batch, String status, String reason) {
        jdbc.update(
                "UPDATE software_rollout SET status = ?, status_reason = ?, version_lock = version_lock + 1"
                        + " WHERE batch_ref = ?",
                status,
                reason,
                batch);
    }

    private static TmsException conflict(String batch, String status) {
        return new TmsException(
                HttpStatus.CONFLICT, "rollout-" + status.toLowerCase(), "rollout " + batch + " is " + status);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
