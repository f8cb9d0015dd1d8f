package com.shanfu.tms.config;

import com.shanfu.protocol.management.LogUpload;
import com.shanfu.tms.contract.DeviceLog;
import com.shanfu.tms.contract.TaskKind;
import com.shanfu.tms.contract.TaskState;
import com.shanfu.tms.device.Device;
import com.shanfu.tms.web.TmsException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Remote diagnostics (docs/fleet.md): an operator asks one terminal for its recent log with a {@code LOG_UPLOAD} push
 * task; the terminal uploads it for that task on its management channel. What arrives is redacted once more before it
 * is kept, so card data or key material a terminal let through never reaches the database; the number of replacements
 * is kept beside the log as a finding. The last {@link #KEPT} logs of each terminal are kept.
 */
@Service
public class DeviceLogs {

    static final int KEPT = 10;
    private static final Logger log = LoggerFactory.getLogger(DeviceLogs.class);

    private final PushTasks tasks;
    private final PushTaskRepository taskRows;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    DeviceLogs(PushTasks tasks, PushTaskRepository taskRows, JdbcTemplate jdbc, Clock clock) {
        this.tasks = tasks;
        this.taskRows = taskRows;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A {@code LOG_UPLOAD} task for one terminal, asking for its last {@code maxBytes} (none: 64 KiB). */
    @Transactional
    public PushTask request(Device device, Integer maxBytes, String actor) {
        if (device.status() != com.shanfu.tms.contract.DeviceStatus.ACTIVE) {
            throw new TmsException(
                    HttpStatus.CONFLICT,
                    "device-not-active",
                    "only an active terminal reaches the TMS to send its log; " + device.serial() + " is "
                            + device.status());
        }
        int size = maxBytes == null ? LogUpload.DEFAULT_BYTES : maxBytes;
        if (size < LogUpload.MIN_BYTES || size > LogUpload.MAX_BYTES) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST,
                    "invalid-log-size",
                    "maxBytes must be " + LogUpload.MIN_BYTES + " to " + LogUpload.MAX_BYTES);
        }
        String batch = "log_upload-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        return tasks.create(device, TaskKind.LOG_UPLOAD, Map.of("maxBytes", size), batch, actor);
    }

    /**
     * The log a terminal sends for its task: the task must be this terminal's {@code LOG_UPLOAD}, handed to it and not
     * failed; the same task's log sent again replaces the first.
     */
    @Transactional
    public DeviceLog receive(Device device, long taskId, byte[] body) {
        if (body.length > LogUpload.MAX_BYTES) {
            throw new TmsException(
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    "log-too-large",
                    "a log is at most " + LogUpload.MAX_BYTES + " bytes");
        }
        PushTask t = taskRows.lockById(taskId)
                .filter(x -> x.getDeviceId().equals(device.id()) && x.getKind() == TaskKind.LOG_UPLOAD)
                .orElseThrow(() -> new TmsException(
                        HttpStatus.NOT_FOUND, "unknown-task", "no log upload task " + taskId + " for this terminal"));
        if (t.getStatus() != TaskState.DELIVERED && t.getStatus() != TaskState.APPLIED) {
            throw new TmsException(
                    HttpStatus.CONFLICT, "task-not-open", "log upload task " + taskId + " is " + t.getStatus());
        }
        String text = new String(body, StandardCharsets.UTF_8); // what is not UTF-8 becomes U+FFFD
        LogUpload.Redacted clean = LogUpload.redact(text);
        if (clean.replaced() > 0) {
            log.warn(
                    "the log of task {} from device {} still held {} value(s) that look like card data or keys: hidden",
                    taskId,
                    device.id(),
                    clean.replaced());
        }
        int bytes = clean.text().getBytes(StandardCharsets.UTF_8).length;
        int lines = (int) clean.text().lines().count();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update(
                "INSERT INTO device_log (device_id, task_id, received_at, bytes, line_count, redacted, content)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE received_at = VALUES(received_at),"
                        + " bytes = VALUES(bytes), line_count = VALUES(line_count), redacted = VALUES(redacted),"
                        + " content = VALUES(content)",
                device.id(),
                taskId,
                now,
                bytes,
                lines,
                clean.replaced(),
                clean.text());
        jdbc.update(
                "DELETE FROM device_log WHERE device_id = ? AND id NOT IN (SELECT id FROM (SELECT id FROM device_log"
                        + " WHERE device_id = ? ORDER BY id DESC LIMIT " + KEPT + ") newest)",
                device.id(),
                device.id());
        return jdbc.queryForObject(
                "SELECT id, task_id, received_at, bytes, line_count, redacted FROM device_log WHERE task_id = ?",
                (rs, i) -> row(rs),
                taskId);
    }

    /** A terminal's kept logs, newest first. */
    public List<DeviceLog> of(Device device) {
        return jdbc.query(
                "SELECT id, task_id, received_at, bytes, line_count, redacted FROM device_log WHERE device_id = ?"
                        + " ORDER BY id DESC",
                (rs, i) -> row(rs),
                device.id());
    }

    /** One kept log's text. */
    public Optional<String> text(Device device, long id) {
        return jdbc
                .queryForList(
                        "SELECT content FROM device_log WHERE id = ? AND device_id = ?", String.class, id, device.id())
                .stream()
                .findFirst();
    }

    private static DeviceLog row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new DeviceLog(
                rs.getLong("id"),
                rs.getLong("task_id"),
                rs.getTimestamp("received_at").toInstant(),
                rs.getInt("bytes"),
                rs.getInt("line_count"),
                rs.getInt("redacted"));
    }
}
