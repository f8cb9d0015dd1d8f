package com.shanfu.tms.contract;

/** A refund asked for in the portal: waiting for the terminal, done by it, or failed (with a reason). */
public enum RefundStatus {
    PENDING,
    DONE,
    FAILED
}
