package com.shanfu.tms.contract;

/** When a batch is paid out: the next working day (T1) or the same day (D0). */
public enum SettlementCycle {
    T1,
    D0
}
