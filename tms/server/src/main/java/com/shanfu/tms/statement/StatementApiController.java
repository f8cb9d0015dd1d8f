package com.shanfu.tms.statement;

import com.shanfu.tms.contract.Page;
import com.shanfu.tms.contract.RefundRequest;
import com.shanfu.tms.contract.RefundRequestBody;
import com.shanfu.tms.contract.Summary;
import com.shanfu.tms.contract.Transaction;
import com.shanfu.tms.contract.TransactionDetail;
import com.shanfu.tms.contract.TxnKind;
import com.shanfu.tms.contract.TxnStatus;
import com.shanfu.tms.journal.Txn;
import com.shanfu.tms.merchant.Merchant;
import com.shanfu.tms.merchant.MerchantService;
import com.shanfu.tms.refund.RefundRequests;
import com.shanfu.tms.web.TmsException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A merchant's statement for the portal: searching the journal, one transaction, the dashboard, refund requests. */
@RestController
@RequestMapping("/api/v1/merchants/{mid}")
@Validated
@SecurityRequirement(name = "keycloak")
class StatementApiController {

    private final MerchantService merchants;
    private final Statements statements;
    private final RefundRequests refunds;
    private final Clock clock;

    StatementApiController(MerchantService merchants, Statements statements, RefundRequests refunds, Clock clock) {
        this.merchants = merchants;
        this.statements = statements;
        this.refunds = refunds;
        this.clock = clock;
    }

    private static RefundRequest view(com.shanfu.tms.refund.RefundRequest r) {
        return new RefundRequest(
                r.id(),
                r.txnId(),
                r.amountFen(),
                r.requestRef(),
                r.requestedBy(),
                r.status(),
                r.reason(),
                r.createdAt(),
                r.finishedAt());
    }

    @GetMapping("/transactions")
    @Operation(
            summary = "A merchant's transactions, newest first; filters by day range (China time, both days included),"
                    + " TID, kind, status, card type and amount in fen. By page number with the total, or page after"
                    + " page by cursor: 'after' is the 'next' of the page before (not counted, total -1)")
    Page<Transaction> transactions(
            @PathVariable @Pattern(regexp = "\\d{15}") String mid,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) @Pattern(regexp = "\\d{8}") String tid,
            @RequestParam(required = false) TxnKind kind,
            @RequestParam(required = false) TxnStatus status,
            @RequestParam(required = false) @Pattern(regexp = "DEBIT|CREDIT") String cardType,
            @RequestParam(required = false) @Min(0) Long minFen,
            @RequestParam(required = false) @Min(0) Long maxFen,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size,
            @RequestParam(required = false) String after) {
        Merchant m = merchants.byMid(mid);
        var filter = new Statements.Filter(from, to, tid, kind, status, cardType, minFen, maxFen);
        List<Txn> items;
        long total;
        if (after != null) {
            if (page != 0) {
                throw new TmsException(
                        HttpStatus.BAD_REQUEST, "cursor-or-page", "ask by page number or after a cursor, not both");
            }
            items = statements.searchAfter(m, filter, Statements.Cursor.parse(after), size);
            total = -1;
        } else {
            var result = statements.search(m, filter, page, size);
            items = result.getContent();
            total = result.getTotalElements();
        }
        Map<Long, String> tids = statements.tids(items);
        Map<Long, Long> left = refunds.left(items);
        return new Page<>(
                items.stream().map(t -> view(t, tids, left)).toList(),
                page,
                size,
                total,
                items.size() == size ? Statements.Cursor.of(items.getLast()).token() : null);
    }

    @GetMapping("/transactions/{id}")
    @Operation(
            summary =
                    "One transaction of this merchant, with its refunds and refund requests (404 for another merchant's)")
    TransactionDetail transaction(@PathVariable @Pattern(regexp = "\\d{15}") String mid, @PathVariable long id) {
        Merchant m = merchants.byMid(mid);
        Txn t = statements.one(m, id);
        List<Txn> refundTxns = statements.refundsOf(t);
        List<Txn> all = new java.util.ArrayList<>(refundTxns);
        all.add(t);
        Map<Long, String> tids = statements.tids(all);
        Map<Long, Long> left = refunds.left(all);
        return new TransactionDetail(
                view(t, tids, left),
                refundTxns.stream().map(r -> view(r, tids, left)).toList(),
                refunds.ofTransaction(t).stream()
                        .map(StatementApiController::view)
                        .toList());
    }

    @GetMapping("/summary")
    @Operation(
            summary = "The money dashboard: today and this month (takings, count, average ticket, refunds, fees, net),"
                    + " daily takings over 30 days, takings by card type")
    Summary summary(
            @PathVariable @Pattern(regexp = "\\d{15}") String mid,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        return statements.summary(
                merchants.byMid(mid), date != null ? date : LocalDate.now(clock.withZone(Statements.ZONE)));
    }

    @PostMapping("/refund-requests")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('admin', 'tms-client')")
    @Operation(
            summary = "Ask the terminal that took a sale to refund part or all of it (never above what is left;"
                    + " idempotent on requestRef)")
    RefundRequest requestRefund(
            @PathVariable @Pattern(regexp = "\\d{15}") String mid, @Valid @RequestBody RefundRequestBody body) {
        return view(refunds.request(
                merchants.byMid(mid), body.txnId(), body.amountFen(), body.requestRef(), body.requestedBy()));
    }

    @GetMapping("/refund-requests")
    @Operation(summary = "A merchant's refund requests, newest first, with their state (PENDING, DONE, FAILED)")
    List<RefundRequest> refundRequests(@PathVariable @Pattern(regexp = "\\d{15}") String mid) {
        return refunds.ofMerchant(merchants.byMid(mid)).stream()
                .map(StatementApiController::view)
                .toList();
    }

    private static Transaction view(Txn t, Map<Long, String> tids, Map<Long, Long> left) {
        return new Transaction(
                t.id(),
                t.kind(),
                t.amountFen(),
                t.currency(),
                t.panMasked(),
                t.cardScheme(),
                t.cardType(),
                t.status(),
                t.responseCode(),
                t.authCode(),
                t.rrn(),
                tids.get(t.deviceId()),
                t.batchNo(),
                t.stan(),
                t.createdAt(),
                t.originalId(),
                t.refundedFen(),
                left.getOrDefault(t.id(), 0L));
    }
}
