package com.shanfu.tms.contract;

import java.time.Instant;
import java.util.Map;

/**
 * A staged software rollout: a share ({@code percent}) of a group's active terminals; {@code RUNNING}, {@code PAUSED}
 * (by itself when the failure rate passed {@code maxFailurePercent}, or by an admin), {@code ROLLED_BACK}; its tasks
 * counted per state, and the group's size.
 */
public record SoftwareRollout(
        String batchRef,
        String version,
        Scope scope,
        String key,
        int percent,
        int maxFailurePercent,
        String status,
        String statusReason,
        Map<TaskState, Long> progress,
        int groupSize,
        String createdBy,
        Instant createdAt) {

    /** Starting one: the version, the group, the share to start with, and the failure rate that pauses it. */
    public record Start(String version, Scope scope, String key, Integer percent, Integer maxFailurePercent) {}

    /** Resuming one, optionally to a larger share of the group. */
    public record Resume(Integer percent) {}
}
