package com.shanfu.tms.payout;

import com.shanfu.tms.contract.PaidPayout;
import com.shanfu.tms.contract.Payout;
import com.shanfu.tms.contract.PayoutDetail;
import com.shanfu.tms.contract.PayoutLine;
import com.shanfu.tms.merchant.MerchantService;
import com.shanfu.tms.web.TmsException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.constraints.Pattern;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Payouts per merchant with their lines, the payout file of a value date, and the ledger's balance. */
@RestController
@RequestMapping("/api/v1")
@Validated
@SecurityRequirement(name = "keycloak")
class PayoutApiController {

    private final Payouts payouts;
    private final MerchantService merchants;

    PayoutApiController(Payouts payouts, MerchantService merchants) {
        this.payouts = payouts;
        this.merchants = merchants;
    }

    static Payout view(com.shanfu.tms.payout.Payout p) {
        return new Payout(
                p.id(),
                p.batchId(),
                p.feePlan(),
                p.businessDate(),
                p.valueDate(),
                p.grossFen(),
                p.refundsFen(),
                p.feeFen(),
                p.netFen(),
                p.saleCount(),
                p.refundCount(),
                p.status(),
                p.runDate(),
                p.createdAt());
    }

    @GetMapping("/payouts/paid")
    @Operation(summary = "Payouts paid in a run on or after a day (yyyy-MM-dd), every merchant's, with its MID")
    List<PaidPayout> paidSince(@RequestParam String since) {
        LocalDate day;
        try {
            day = LocalDate.parse(since);
        } catch (java.time.format.DateTimeParseException e) {
            throw new TmsException(HttpStatus.BAD_REQUEST, "bad-date", "not a day (yyyy-MM-dd): " + since);
        }
        List<com.shanfu.tms.payout.Payout> paid = payouts.paidSince(day);
        java.util.Map<Long, String> mids = merchants.midsOf(paid.stream()
                .map(com.shanfu.tms.payout.Payout::merchantId)
                .distinct()
                .toList());
        return paid.stream()
                .map(p -> new PaidPayout(mids.get(p.merchantId()), view(p)))
                .toList();
    }

    @GetMapping("/merchants/{mid}/payouts")
    @Operation(summary = "A merchant's payouts, newest first: gross, refunds, MDR fees, net, value date, status")
    List<Payout> ofMerchant(@PathVariable @Pattern(regexp = "\\d{15}") String mid) {
        return payouts.ofMerchant(merchants.byMid(mid).id()).stream()
                .map(PayoutApiController::view)
                .toList();
    }

    @GetMapping("/merchants/{mid}/payouts/{id}")
    @Operation(summary = "One payout of a merchant with its lines (each sale's fee, each refund)")
    PayoutDetail detail(@PathVariable @Pattern(regexp = "\\d{15}") String mid, @PathVariable long id) {
        Long merchantId = merchants.byMid(mid).id();
        com.shanfu.tms.payout.Payout p = payouts.payout(id)
                .filter(x -> x.merchantId().equals(merchantId))
                .orElseThrow(() -> new TmsException(
                        HttpStatus.NOT_FOUND, "unknown-payout", "merchant " + mid + " has no payout " + id));
        return new PayoutDetail(
                view(p),
                mid,
                payouts.lines(id).stream()
                        .map(l -> new PayoutLine(
                                l.txnId(), l.kind(), l.cardType(), l.amountFen(), l.feeFen(), l.netFen()))
                        .toList());
    }

    @PostMapping(value = "/payout-runs", produces = "text/csv")
    @PreAuthorize("hasAnyRole('admin', 'tms-client')")
    @Operation(summary = "Make (once) the payout run of a value date and return its payout file (CSV, UTF-8)")
    ResponseEntity<String> run(@RequestParam String valueDate, Authentication who) {
        PayoutRun run;
        try {
            run = payouts.run(date(valueDate), who.getName());
        } catch (IllegalArgumentException e) {
            throw new TmsException(HttpStatus.BAD_REQUEST, "bad-value-date", e.getMessage());
        }
        return csv(run);
    }

    @GetMapping(value = "/payout-runs/{valueDate}", produces = "text/csv")
    @Operation(summary = "The payout file of a value date, as it was made")
    ResponseEntity<String> file(@PathVariable String valueDate) {
        return payouts.runOf(date(valueDate))
                .map(PayoutApiController::csv)
                .orElseThrow(
                        () -> new TmsException(HttpStatus.NOT_FOUND, "unknown-run", "no payout run for " + valueDate));
    }

    @GetMapping("/ledger/balance")
    @Operation(summary = "Debits and credits per ledger account; balanced when they are equal and every posting is")
    LedgerView ledger() {
        Payouts.LedgerBalance b = payouts.balance();
        return new LedgerView(b.accounts(), b.debitFen(), b.creditFen(), b.unbalancedPostings(), b.balanced());
    }

    record LedgerView(
            List<Payouts.AccountTotal> accounts,
            long debitFen,
            long creditFen,
            List<String> unbalancedPostings,
            boolean balanced) {}

    private static ResponseEntity<String> csv(PayoutRun run) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"payouts-" + run.valueDate() + ".csv\"")
                .header("X-Transfers", String.valueOf(run.transfers()))
                .header("X-Total-Fen", String.valueOf(run.totalFen()))
                .body(run.csv());
    }

    private static LocalDate date(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST, "bad-value-date", "value date must be YYYY-MM-DD, not " + value);
        }
    }
}
