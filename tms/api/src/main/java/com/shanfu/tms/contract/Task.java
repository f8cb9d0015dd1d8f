package com.shanfu.tms.contract;

import java.time.Instant;

/** A push task with its delivery state; serial only when listed across devices. */
public record Task(
        long id,
        String serial,
        TaskKind kind,
        TaskState status,
        int attempts,
        String reason,
        String batchRef,
        Instant createdAt,
        Instant deliveredAt,
        Instant finishedAt) {}
