package com.shanfu.protocol.management;

import com.shanfu.tms.contract.DeviceStatus;
import com.shanfu.tms.contract.TaskKind;
import java.util.List;

/** Pending push tasks for the terminal; empty when there is nothing to do. */
public record HeartbeatResponse(DeviceStatus status, List<PushTask> tasks) {

    public record PushTask(long id, TaskKind type, String payload) {}
}
