package com.shanfu.tms.contract;

import java.time.Instant;

/** A refund asked for in the portal, carried out by the terminal that took the sale. */
public record RefundRequest(
        long id,
        long txnId,
        long amountFen,
        String requestRef,
        String requestedBy,
        RefundStatus status,
        String reason,
        Instant createdAt,
        Instant finishedAt) {}
