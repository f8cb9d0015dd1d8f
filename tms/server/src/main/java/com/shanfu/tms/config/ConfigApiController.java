package com.shanfu.tms.config;

import com.shanfu.tms.contract.Configuration;
import com.shanfu.tms.contract.DeviceChange;
import com.shanfu.tms.contract.DeviceLog;
import com.shanfu.tms.contract.DeviceStatus;
import com.shanfu.tms.contract.FleetDevice;
import com.shanfu.tms.contract.GroupChange;
import com.shanfu.tms.contract.LogRequest;
import com.shanfu.tms.contract.OverrideRequest;
import com.shanfu.tms.contract.Page;
import com.shanfu.tms.contract.PublishRequest;
import com.shanfu.tms.contract.PublishedVersion;
import com.shanfu.tms.contract.ReasonRequest;
import com.shanfu.tms.contract.Replacement;
import com.shanfu.tms.contract.Rollout;
import com.shanfu.tms.contract.RolloutState;
import com.shanfu.tms.contract.Scope;
import com.shanfu.tms.contract.Task;
import com.shanfu.tms.contract.TaskKind;
import com.shanfu.tms.contract.TaskRequest;
import com.shanfu.tms.device.Device;
import com.shanfu.tms.device.DeviceRepository;
import com.shanfu.tms.device.DeviceService;
import com.shanfu.tms.web.TmsException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' API for the fleet: devices with health, lifecycle changes one by one or per group, configuration
 * versions and overrides, push tasks and the progress of each rollout. Reads for staff, changes for admins and the
 * portal's client.
 */
@RestController
@RequestMapping("/api/v1")
@Validated
@SecurityRequirement(name = "keycloak")
@org.springframework.transaction.annotation.Transactional // views read the device's merchant
class ConfigApiController {

    static final String CHANGE = "hasAnyRole('admin', 'tms-client')";

    private final Configurations configurations;
    private final PushTasks tasks;
    private final DeviceLogs logs;
    private final DeviceRepository devices;
    private final DeviceService lifecycle;
    private final Clock clock;
    private final Duration silentAfter;

    ConfigApiController(
            Configurations configurations,
            PushTasks tasks,
            DeviceLogs logs,
            DeviceRepository devices,
            DeviceService lifecycle,
            Clock clock,
            @Value("${shanfu.devices.silent-after}") Duration silentAfter) {
        this.configurations = configurations;
        this.tasks = tasks;
        this.logs = logs;
        this.devices = devices;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.silentAfter = silentAfter;
    }

    @GetMapping("/devices")
    @Operation(
            summary =
                    "Devices, paged, by status, model, merchant and link, with health (silent: not heard from for a while)")
    Page<FleetDevice> devices(
            @RequestParam(required = false) DeviceStatus status,
            @RequestParam(required = false) @Pattern(regexp = "[A-Z0-9-]{2,32}") String model,
            @RequestParam(required = false) @Pattern(regexp = "\\d{15}") String mid,
            @RequestParam(required = false) @Pattern(regexp = "WIFI|CELLULAR|ETHERNET") String connectivity,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        var result = devices.search(status, model, mid, connectivity, PageRequest.of(page, size));
        return new Page<>(result.map(this::view).getContent(), page, size, result.getTotalElements());
    }

    @GetMapping("/devices/silent")
    @Operation(
            summary =
                    "Active merchant devices heard from once and silent since (for the portal to tell their merchants)")
    List<FleetDevice> silent() {
        return devices.silentWithMerchant(clock.instant().minus(silentAfter)).stream()
                .map(this::view)
                .toList();
    }

    @PostMapping("/devices/{serial}/{action:suspend|resume|retire}")
    @PreAuthorize(CHANGE)
    @Operation(
            summary = "Suspend, resume or retire a device (with a reason); a suspended one is refused on both channels")
    FleetDevice changeStatus(
            @PathVariable @Pattern(regexp = "[A-Z0-9-]{6,32}") String serial,
            @PathVariable String action,
            @RequestBody ReasonRequest r,
            Authentication who) {
        return view(lifecycle.changeStatus(
                serial, DeviceChange.ofPath(action).target(), who.getName(), r == null ? null : r.reason()));
    }

    @PostMapping("/devices/{serial}/replace")
    @PreAuthorize(CHANGE)
    @Operation(summary = "Swap a merchant's device: retire it (keys destroyed) and ship one from stock with a new code")
    Replacement replace(
            @PathVariable @Pattern(regexp = "[A-Z0-9-]{6,32}") String serial,
            @RequestBody ReasonRequest r,
            Authentication who) {
        DeviceService.Shipment s = lifecycle.replace(serial, r == null ? null : r.reason(), who.getName());
        return new Replacement(
                serial,
                s.device().serial(),
                s.device().modelCode(),
                s.device().tid(),
                s.device().merchant().mid(),
                s.activationCode(),
                s.activationExpiresAt());
    }

    @PostMapping("/groups/{scope}/{action:suspend|resume}")
    @PreAuthorize(CHANGE)
    @Operation(
            summary = "Suspend or resume every device of a group (ALL, MODEL, REGION, MERCHANT) — key names the group")
    GroupChange changeGroup(
            @PathVariable String scope,
            @PathVariable String action,
            @RequestParam(required = false) String key,
            @RequestBody ReasonRequest r,
            Authentication who) {
        DeviceService.requireReason(r == null ? null : r.reason());
        DeviceStatus from = "suspend".equals(action) ? DeviceStatus.ACTIVE : DeviceStatus.SUSPENDED;
        List<Device> group = devices.inGroup(from, groupScope(scope), key);
        int changed = 0;
        for (Device d : group) {
            lifecycle.changeStatus(
                    d.serial(), DeviceChange.ofPath(action).target(), who.getName(), r == null ? null : r.reason());
            changed++;
        }
        return new GroupChange(changed);
    }

    @GetMapping("/devices/{serial}/tasks")
    @Operation(summary = "A device's push tasks, newest first, with their delivery state")
    List<Task> deviceTasks(@PathVariable @Pattern(regexp = "[A-Z0-9-]{6,32}") String serial) {
        Device d = devices.findBySerial(serial)
                .orElseThrow(() ->
                        new TmsException(HttpStatus.NOT_FOUND, "unknown-serial", "no device with serial " + serial));
        return tasks.ofDevice(d, PageRequest.of(0, 100))
                .map(t -> task(t, d.serial()))
                .getContent();
    }

    @PostMapping("/devices/{serial}/logs")
    @PreAuthorize(CHANGE)
    @Operation(
            summary = "Ask one active terminal for its recent log (a LOG_UPLOAD task; maxBytes 1 KiB to 256 KiB,"
                    + " none: 64 KiB); it arrives redacted and shows under /devices/{serial}/logs")
    Task requestLog(
            @PathVariable @Pattern(regexp = "[A-Z0-9-]{6,32}") String serial,
            @RequestBody(required = false) LogRequest r,
            Authentication who) {
        Device d = device(serial);
        return task(logs.request(d, r == null ? null : r.maxBytes(), who.getName()), d.serial());
    }

    @GetMapping("/devices/{serial}/logs")
    @PreAuthorize(CHANGE)
    @Operation(summary = "The logs a terminal uploaded, newest first (the last 10)")
    List<DeviceLog> logs(@PathVariable @Pattern(regexp = "[A-Z0-9-]{6,32}") String serial) {
        return logs.of(device(serial));
    }

    @GetMapping(path = "/devices/{serial}/logs/{id}", produces = "text/plain;charset=UTF-8")
    @PreAuthorize(CHANGE)
    @Operation(summary = "One uploaded log as text (redacted), to read or download")
    org.springframework.http.ResponseEntity<String> log(
            @PathVariable @Pattern(regexp = "[A-Z0-9-]{6,32}") String serial, @PathVariable long id) {
        Device d = device(serial);
        String text = logs.text(d, id)
                .orElseThrow(
                        () -> new TmsException(HttpStatus.NOT_FOUND, "unknown-log", "no log " + id + " of " + serial));
        return org.springframework.http.ResponseEntity.ok()
                .header(
                        org.springframework.http.HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"" + d.serial() + "-log-" + id + ".txt\"")
                .body(text);
    }

    private Device device(String serial) {
        return devices.findBySerial(serial)
                .orElseThrow(() ->
                        new TmsException(HttpStatus.NOT_FOUND, "unknown-serial", "no device with serial " + serial));
    }

    @GetMapping("/config")
    @Operation(summary = "The configuration template in force and the overrides")
    Configuration config() {
        return new Configuration(configurations.current(), configurations.overrides());
    }

    @GetMapping("/config/versions")
    @Operation(summary = "Every published configuration version, newest first")
    List<PublishedVersion> versions() {
        return configurations.history();
    }

    @PostMapping("/config/versions")
    @PreAuthorize(CHANGE)
    @Operation(summary = "Publish the template as a new version: every active terminal gets a configuration task")
    Rollout publish(@RequestBody PublishRequest r, Authentication who) {
        return configurations.publish(r == null ? null : r.settings(), r == null ? null : r.note(), who.getName());
    }

    @PutMapping("/config/overrides/{scope}/{key}")
    @PreAuthorize(CHANGE)
    @Operation(summary = "Set (empty settings: remove) the override of a model, region, merchant or terminal")
    Rollout override(
            @PathVariable String scope, @PathVariable String key, @RequestBody OverrideRequest r, Authentication who) {
        return configurations.override(scope, key, r == null ? null : r.settings(), who.getName());
    }

    @PostMapping("/groups/{scope}/tasks")
    @PreAuthorize(CHANGE)
    @Operation(
            summary =
                    "Push a task (KEY_ROTATION, TMK_ROTATION, SOFTWARE, SETTLE_NOW) to every active device of a group")
    Rollout push(
            @PathVariable String scope,
            @RequestParam(required = false) String key,
            @RequestBody TaskRequest r,
            Authentication who) {
        TaskKind kind = r == null ? null : r.kind(); // CONFIG and REFUND are refused by PushTasks, with the way to go
        if (kind == null) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST,
                    "unknown-kind",
                    "kind must be KEY_ROTATION, TMK_ROTATION, SOFTWARE or SETTLE_NOW");
        }
        return tasks.pushToGroup(
                groupScope(scope), key, kind, r.payload() == null ? Map.of() : r.payload(), who.getName());
    }

    @GetMapping("/rollouts/{batchRef}")
    @Operation(summary = "How far a rollout got: tasks per state, and the first 500 tasks")
    RolloutState rollout(@PathVariable @Pattern(regexp = "[a-z_]+-[a-z0-9-]{1,40}") String batchRef) {
        var page = tasks.ofBatch(batchRef, PageRequest.of(0, 500));
        return new RolloutState(
                batchRef, tasks.progress(batchRef), page.map(t -> task(t, null)).getContent());
    }

    private static String groupScope(String scope) {
        return Scope.of(scope)
                .orElseThrow(() -> new TmsException(
                        HttpStatus.BAD_REQUEST,
                        "unknown-scope",
                        "scope must be ALL, MODEL, REGION, MERCHANT or TERMINAL"))
                .name();
    }

    private FleetDevice view(Device d) {
        boolean silent = d.status() == DeviceStatus.ACTIVE
                && (d.lastSeenAt() == null
                        || d.lastSeenAt().isBefore(clock.instant().minus(silentAfter)));
        return new FleetDevice(
                d.serial(),
                d.modelCode(),
                d.status(),
                d.tid(),
                d.merchant() == null ? null : d.merchant().mid(),
                d.merchant() == null ? null : d.merchant().city(),
                d.lastSeenAt(),
                silent,
                d.softwareVersion(),
                d.batteryPercent(),
                d.paperPresent(),
                d.lastBatch(),
                d.configVersion(),
                d.connectivity(),
                d.signalDbm());
    }

    private Task task(PushTask t, String serial) {
        return new Task(
                t.getId(),
                serial,
                t.getKind(),
                t.getStatus(),
                t.getAttempts(),
                t.getReason(),
                t.getBatchRef(),
                t.getCreatedAt(),
                t.getDeliveredAt(),
                t.getFinishedAt());
    }
}
