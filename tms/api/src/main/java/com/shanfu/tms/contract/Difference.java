package com.shanfu.tms.contract;

/** A line where a terminal's batch upload and the host's journal disagree. */
public record Difference(int stan, TxnKind kind, Long hostAmountFen, Long terminalAmountFen, DifferenceKind reason) {}
