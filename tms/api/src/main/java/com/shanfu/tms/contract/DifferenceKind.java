package com.shanfu.tms.contract;

/** Why a line of a terminal's batch upload and the host's journal disagree. */
public enum DifferenceKind {
    NOT_ON_HOST,
    NOT_ON_TERMINAL,
    AMOUNT
}
