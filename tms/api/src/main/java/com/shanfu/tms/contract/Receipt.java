package com.shanfu.tms.contract;

import java.time.Instant;

/** What an e-receipt shows, card number masked. */
public record Receipt(
        String merchantName,
        String mid,
        String tid,
        TxnKind kind,
        long amountFen,
        String currency,
        String panMasked,
        String scheme,
        String cardType,
        TxnStatus status,
        String authCode,
        String rrn,
        int batch,
        int stan,
        Instant createdAt,
        long refundedFen) {}
