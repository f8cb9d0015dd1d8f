package com.shanfu.tms.contract;

/** What the TMS pushes to a terminal. CONFIG and REFUND come from their own changes, the others from operators. */
public enum TaskKind {
    CONFIG,
    KEY_ROTATION,
    TMK_ROTATION,
    SOFTWARE,
    SETTLE_NOW,
    REFUND,
    /** Upload the terminal's recent log, redacted (one terminal at a time). */
    LOG_UPLOAD
}
