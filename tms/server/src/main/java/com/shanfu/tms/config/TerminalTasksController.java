package com.shanfu.tms.config;

import com.shanfu.protocol.management.HeartbeatRequest;
import com.shanfu.protocol.management.HeartbeatResponse;
import com.shanfu.protocol.management.LogUpload;
import com.shanfu.protocol.management.TaskResult;
import com.shanfu.tms.contract.DeviceLog;
import com.shanfu.tms.contract.TaskState;
import com.shanfu.tms.device.ActivationService;
import com.shanfu.tms.device.Device;
import com.shanfu.tms.web.TmsException;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The terminal's side of push tasks (docs/protocol.md, "Push tasks"): heartbeat with what is due, a long poll that
 * answers within a second of a new task, and the terminal's result for each task. Every call is authenticated by the
 * device credential; suspended and retired terminals are refused.
 */
@RestController
class TerminalTasksController {

    private final ActivationService devices;
    private final PushTasks tasks;
    private final DeviceLogs logs;

    TerminalTasksController(ActivationService devices, PushTasks tasks, DeviceLogs logs) {
        this.devices = devices;
        this.tasks = tasks;
        this.logs = logs;
    }

    @PostMapping(HeartbeatRequest.PATH)
    HeartbeatResponse heartbeat(
            @RequestHeader(name = HeartbeatRequest.CREDENTIAL_HEADER, required = false) String credential,
            @RequestBody(required = false) HeartbeatRequest request) {
        Device device = devices.heartbeat(credential, request);
        return answer(device);
    }

    @GetMapping(TaskResult.POLL_PATH)
    HeartbeatResponse poll(
            @RequestHeader(name = HeartbeatRequest.CREDENTIAL_HEADER, required = false) String credential,
            @RequestParam(defaultValue = "25") int waitSeconds)
            throws InterruptedException {
        if (waitSeconds < 0 || waitSeconds > TaskResult.MAX_WAIT_SECONDS) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST, "invalid-wait", "waitSeconds must be 0-" + TaskResult.MAX_WAIT_SECONDS);
        }
        Device device = devices.authenticate(credential);
        if (!tasks.awaitDue(device, Duration.ofSeconds(waitSeconds))) {
            // nothing came (a task another instance commits is signalled by its watcher): an empty answer without
            // asking the database again; the terminal's next poll looks first
            return new HeartbeatResponse(device.status(), List.of());
        }
        return answer(device);
    }

    @PostMapping(TaskResult.PATH)
    void result(
            @RequestHeader(name = HeartbeatRequest.CREDENTIAL_HEADER, required = false) String credential,
            @PathVariable long id,
            @RequestBody TaskResult result) {
        Device device = devices.authenticate(credential);
        if (result == null || (result.status() != TaskState.APPLIED && result.status() != TaskState.FAILED)) {
            throw new TmsException(HttpStatus.BAD_REQUEST, "invalid-status", "status must be APPLIED or FAILED");
        }
        tasks.report(device, id, result.status() == TaskState.APPLIED, result.reason());
    }

    /**
     * The log a terminal sends for its {@code LOG_UPLOAD} task, UTF-8 text of at most 256 KiB: read no further than
     * that, after the device credential is checked.
     */
    @PostMapping(path = LogUpload.PATH)
    DeviceLog log(
            @RequestHeader(name = HeartbeatRequest.CREDENTIAL_HEADER, required = false) String credential,
            @PathVariable long id,
            jakarta.servlet.http.HttpServletRequest request)
            throws java.io.IOException {
        Device device = devices.authenticate(credential);
        if (request.getContentLengthLong() > LogUpload.MAX_BYTES) {
            throw new TmsException(
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    "log-too-large",
                    "a log is at most " + LogUpload.MAX_BYTES + " bytes");
        }
        byte[] body = request.getInputStream().readNBytes(LogUpload.MAX_BYTES + 1);
        return logs.receive(device, id, body);
    }

    private HeartbeatResponse answer(Device device) {
        List<HeartbeatResponse.PushTask> due = tasks.due(device).stream()
                .map(t -> new HeartbeatResponse.PushTask(t.getId(), t.getKind(), t.getPayloadJson()))
                .toList();
        return new HeartbeatResponse(device.status(), due);
    }
}
