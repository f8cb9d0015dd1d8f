package com.shanfu.tms.contract;

import java.util.List;

/** One transaction with its refunds and the refund requests on it. */
public record TransactionDetail(
        Transaction transaction, List<Transaction> refunds, List<RefundRequest> refundRequests) {}
