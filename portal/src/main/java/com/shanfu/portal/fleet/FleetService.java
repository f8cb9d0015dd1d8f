package com.shanfu.portal.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shanfu.portal.audit.Audit;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.tms.TmsClient;
import com.shanfu.portal.tms.TmsRefused;
import com.shanfu.tms.contract.DeviceChange;
import com.shanfu.tms.contract.DeviceStatus;
import com.shanfu.tms.contract.FleetDevice;
import com.shanfu.tms.contract.Page;
import com.shanfu.tms.contract.PublishedVersion;
import com.shanfu.tms.contract.Replacement;
import com.shanfu.tms.contract.Rollout;
import com.shanfu.tms.contract.RolloutState;
import com.shanfu.tms.contract.Scope;
import com.shanfu.tms.contract.Task;
import com.shanfu.tms.contract.TaskKind;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The operators' side of the TMS, for admins: device lifecycle one by one or per group, configuration versions and
 * overrides, pushed tasks and their progress. The TMS does the work and refuses what is wrong (its message is shown
 * as it is); the portal records each change in its audit log.
 */
@Service
public class FleetService {

    private final TmsClient tms;
    private final Audit audit;
    private final ObjectMapper json;

    FleetService(TmsClient tms, Audit audit, ObjectMapper json) {
        this.tms = tms;
        this.audit = audit;
        this.json = json;
    }

    /** connectivity: the link the terminals' heartbeats name (WIFI, CELLULAR, ETHERNET), null for any. */
    @PreAuthorize("hasRole('admin')")
    public Page<FleetDevice> devices(
            DeviceStatus status, String model, String mid, String connectivity, int page, int size) {
        return tms.fleet(status, model, mid, connectivity, page, size);
    }

    @Transactional
    @PreAuthorize("hasRole('admin')")
    public FleetDevice changeStatus(String serial, DeviceChange change, String reason, CurrentUser admin) {
        FleetDevice d = tms.changeStatus(serial, change, reason);
        audit.record(
                admin.username(),
                "DEVICE_" + change.name(),
                "device",
                serial,
                null,
                Map.of("status", d.status(), "reason", reason));
        return d;
    }

    /** Swaps a device; the answer holds the replacement's serial and one-time activation code. */
    @Transactional
    @PreAuthorize("hasRole('admin')")
    public Replacement replace(String serial, String reason, CurrentUser admin) {
        Replacement r = tms.replace(serial, reason);
        audit.record(
                admin.username(),
                "DEVICE_REPLACED",
                "device",
                serial,
                Map.of("serial", serial),
                Map.of("replacement", r.serial(), "mid", r.mid(), "reason", reason));
        return r;
    }

    @Transactional
    @PreAuthorize("hasRole('admin')")
    public int changeGroup(Scope scope, String key, DeviceChange change, String reason, CurrentUser admin) {
        int changed = tms.changeGroup(scope, blankToNull(key), change, reason);
        audit.record(
                admin.username(),
                "GROUP_" + change.name(),
                "device_group",
                scope + ":" + key,
                null,
                Map.of("changed", changed, "reason", reason));
        return changed;
    }

    @Transactional
    @PreAuthorize("hasRole('admin')")
    public Rollout pushToGroup(Scope scope, String key, TaskKind kind, CurrentUser admin) {
        Rollout r = tms.pushToGroup(scope, blankToNull(key), kind, Map.of());
        audit.record(
                admin.username(),
                "TASK_PUSHED",
                "device_group",
                scope + ":" + key,
                null,
                Map.of("kind", kind, "batch", r.batchRef(), "terminals", r.terminals()));
        return r;
    }

    /** The configuration version in force and its settings as pretty JSON, for editing. */
    public record Template(int version, String settingsJson) {}

    @PreAuthorize("hasRole('admin')")
    public Template template() {
        var current = tms.config().current();
        try {
            return new Template(
                    current == null ? 0 : current.version(),
                    json.writerWithDefaultPrettyPrinter()
                            .writeValueAsString(
                                    current == null || current.settings() == null ? Map.of() : current.settings()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes the settings (JSON text as the admin edited it) as the next version. */
    @Transactional
    @PreAuthorize("hasRole('admin')")
    public Rollout publish(String settingsJson, String note, CurrentUser admin) {
        Map<String, Object> settings = parse(settingsJson);
        Rollout r = tms.publishConfig(settings, note);
        audit.record(
                admin.username(),
                "CONFIG_PUBLISHED",
                "config",
                r.version(),
                null,
                Map.of("version", r.version(), "note", note, "terminals", r.terminals(), "settings", settings));
        return r;
    }

    @Transactional
    @PreAuthorize("hasRole('admin')")
    public Rollout override(Scope scope, String key, String settingsJson, CurrentUser admin) {
        Map<String, Object> settings = parse(settingsJson);
        Rollout r = tms.override(scope, key, settings);
        audit.record(admin.username(), "CONFIG_OVERRIDDEN", "config_override", scope + ":" + key, null, settings);
        return r;
    }

    @PreAuthorize("hasRole('admin')")
    public java.util.List<PublishedVersion> versions() {
        return tms.configVersions();
    }

    @PreAuthorize("hasRole('admin')")
    public java.util.List<Task> tasks(String serial) {
        return tms.deviceTasks(serial);
    }

    @PreAuthorize("hasRole('admin')")
    public java.util.List<com.shanfu.tms.contract.SoftwareVersion> softwareVersions() {
        return tms.softwareVersions();
    }

    @PreAuthorize("hasRole('admin')")
    public java.util.List<com.shanfu.tms.contract.SoftwareRollout> softwareRollouts() {
        return tms.softwareRollouts();
    }

    /** Starts a staged software rollout (recorded in the audit log). */
    @Transactional
    @PreAuthorize("hasRole('admin')")
    public com.shanfu.tms.contract.SoftwareRollout rollOut(
            com.shanfu.tms.contract.SoftwareRollout.Start start, CurrentUser admin) {
        var r = tms.startSoftwareRollout(start);
        audit.record(
                admin.username(),
                "SOFTWARE_ROLLOUT_STARTED",
                "software_rollout",
                r.batchRef(),
                null,
                Map.of("version", r.version(), "scope", r.scope() + ":" + r.key(), "percent", r.percent()));
        return r;
    }

    /** Pauses, resumes or rolls back a software rollout (recorded in the audit log). */
    @Transactional
    @PreAuthorize("hasRole('admin')")
    public com.shanfu.tms.contract.SoftwareRollout rolloutAction(
            String batchRef, String action, Integer percent, CurrentUser admin) {
        var r = tms.softwareRolloutAction(batchRef, action, percent);
        audit.record(
                admin.username(),
                "SOFTWARE_ROLLOUT_" + action.toUpperCase(),
                "software_rollout",
                batchRef,
                null,
                Map.of("status", r.status(), "percent", r.percent()));
        return r;
    }

    /** Asks one terminal for its recent log (recorded in the audit log: who looked into which terminal). */
    @Transactional
    @PreAuthorize("hasRole('admin')")
    public Task requestLog(String serial, CurrentUser admin) {
        Task t = tms.requestLog(serial);
        audit.record(
                admin.username(),
                "LOG_REQUESTED",
                "device",
                serial,
                null,
                Map.of("task", t.id(), "batch", t.batchRef()));
        return t;
    }

    @PreAuthorize("hasRole('admin')")
    public java.util.List<com.shanfu.tms.contract.DeviceLog> logs(String serial) {
        return tms.deviceLogs(serial);
    }

    @PreAuthorize("hasRole('admin')")
    public String log(String serial, long id) {
        return tms.deviceLog(serial, id);
    }

    @PreAuthorize("hasRole('admin')")
    public RolloutState rollout(String batchRef) {
        return tms.rollout(batchRef);
    }

    private Map<String, Object> parse(String text) {
        try {
            Map<String, Object> m = json.readValue(
                    text == null || text.isBlank() ? "{}" : text,
                    new TypeReference<LinkedHashMap<String, Object>>() {});
            return m == null ? Map.of() : m;
        } catch (JsonProcessingException e) {
            throw new TmsRefused("not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
