package com.shanfu.portal.tms;

import com.shanfu.tms.contract.TxnKind;
import com.shanfu.tms.contract.TxnStatus;
import java.time.LocalDate;

/** What a merchant filters its journal by; null parts are not filtered on. Days in China time, both included. */
public record TmsTxnFilter(
        LocalDate from,
        LocalDate to,
        String tid,
        TxnKind kind,
        TxnStatus status,
        String cardType,
        Long minFen,
        Long maxFen) {

    public static final TmsTxnFilter NONE = new TmsTxnFilter(null, null, null, null, null, null, null, null);
}
