package com.shanfu.tms.contract;

import java.time.Instant;
import java.time.LocalDate;

/** What a closed batch pays the merchant: gross − refunds − MDR fees = net, on the value date. */
public record Payout(
        long id,
        long batchId,
        String feePlan,
        LocalDate businessDate,
        LocalDate valueDate,
        long grossFen,
        long refundsFen,
        long feeFen,
        long netFen,
        int saleCount,
        int refundCount,
        PayoutStatus status,
        LocalDate paidIn,
        Instant createdAt) {}
