package com.shanfu.tms.contract;

import java.time.Instant;

/** A journal line of a merchant, card number masked, with what is left to refund. */
public record Transaction(
        long id,
        TxnKind kind,
        long amountFen,
        String currency,
        String panMasked,
        String scheme,
        String cardType,
        TxnStatus status,
        String responseCode,
        String authCode,
        String rrn,
        String tid,
        int batch,
        int stan,
        Instant createdAt,
        Long originalId,
        long refundedFen,
        long refundableFen) {}
