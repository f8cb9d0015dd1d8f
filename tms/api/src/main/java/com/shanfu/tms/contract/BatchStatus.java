package com.shanfu.tms.contract;

/** A terminal's batch: open while it takes sales, closed by its settlement. */
public enum BatchStatus {
    OPEN,
    CLOSED
}
