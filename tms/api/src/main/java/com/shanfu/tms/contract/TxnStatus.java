package com.shanfu.tms.contract;

/** Where a journal line stands: approved or declined by the issuer, then possibly voided or reversed. */
public enum TxnStatus {
    APPROVED,
    DECLINED,
    VOIDED,
    REVERSED
}
