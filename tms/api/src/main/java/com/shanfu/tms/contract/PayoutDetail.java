package com.shanfu.tms.contract;

import java.util.List;

/** A payout with its lines. */
public record PayoutDetail(Payout payout, String mid, List<PayoutLine> lines) {}
