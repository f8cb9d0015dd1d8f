package com.shanfu.tms.contract;

/** What a journal line is: a sale, the void of one (same batch), or a refund (later, up to what is left). */
public enum TxnKind {
    PURCHASE,
    VOID,
    REFUND
}
