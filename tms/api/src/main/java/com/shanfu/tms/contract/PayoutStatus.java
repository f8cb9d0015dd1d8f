package com.shanfu.tms.contract;

/** A payout waits for its value date's run, then is paid. */
public enum PayoutStatus {
    SCHEDULED,
    PAID
}
