package com.shanfu.tms.contract;

/** Takings of a period: sales, refunds, fees, net and the average ticket, in fen. */
public record Figures(
        int saleCount,
        long salesFen,
        int refundCount,
        long refundsFen,
        long feesFen,
        long netFen,
        long averageTicketFen) {}
