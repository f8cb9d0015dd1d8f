package com.shanfu.tms.contract;

/** One line of a payout: a sale with its fee, or a refund. */
public record PayoutLine(long txnId, TxnKind kind, String cardType, long amountFen, long feeFen, long netFen) {}
