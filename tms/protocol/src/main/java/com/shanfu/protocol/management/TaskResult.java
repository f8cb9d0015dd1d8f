package com.shanfu.protocol.management;

import com.shanfu.tms.contract.TaskState;

/**
 * {@code POST /api/terminal/v1/tasks/{id}/result}: the terminal's answer to a push task, {@code APPLIED} or
 * {@code FAILED} with a reason. Sending the same answer again is harmless.
 */
public record TaskResult(TaskState status, String reason) {

    public static final String PATH = "/api/terminal/v1/tasks/{id}/result";
    /** {@code GET}, long poll: answers as soon as tasks are due, or empty after {@code waitSeconds} (at most 30). */
    public static final String POLL_PATH = "/api/terminal/v1/tasks";

    public static final int MAX_WAIT_SECONDS = 30;
}
