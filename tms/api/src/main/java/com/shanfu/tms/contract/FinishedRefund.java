package com.shanfu.tms.contract;

import java.time.Instant;

/** A refund request that finished, with its merchant's MID (news for the portal to tell). */
public record FinishedRefund(
        String mid, long id, long txnId, long amountFen, RefundStatus status, String reason, Instant finishedAt) {}
