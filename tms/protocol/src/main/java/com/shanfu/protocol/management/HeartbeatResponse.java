package com.shanfu.protocol.management;

import java.util.List;

/** Pending push tasks for the terminal; empty when there is nothing to do. */
public record HeartbeatResponse(String status, List<PushTask> tasks) {

    public record PushTask(long id, String type, String payload) {
    }
}
