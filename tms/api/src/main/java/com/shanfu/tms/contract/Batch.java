package com.shanfu.tms.contract;

import java.time.Instant;
import java.util.List;

/** A terminal's batch with the host's totals, whether the settlement balanced and, when not, each difference. */
public record Batch(
        int batch,
        String tid,
        BatchStatus status,
        Boolean balanced,
        long debitTotalFen,
        int debitCount,
        long creditTotalFen,
        int creditCount,
        Instant openedAt,
        Instant closedAt,
        List<Difference> differences) {}
