package com.shanfu.tms.refund;

import com.shanfu.tms.contract.FinishedRefund;
import com.shanfu.tms.merchant.MerchantService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Refund requests that finished, for the portal to tell each merchant once (one call for all merchants). */
@RestController
@RequestMapping("/api/v1")
@SecurityRequirement(name = "keycloak")
class RefundFeedController {

    private final RefundRequests requests;
    private final MerchantService merchants;

    RefundFeedController(RefundRequests requests, MerchantService merchants) {
        this.requests = requests;
        this.merchants = merchants;
    }

    @GetMapping("/refund-requests/finished")
    @Operation(
            summary =
                    "Portal refund requests that became DONE or FAILED at or after an instant (ISO-8601), with their MID")
    List<FinishedRefund> finished(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since) {
        List<RefundRequest> done = requests.finishedSince(since);
        Map<Long, String> mids = merchants.midsOf(
                done.stream().map(RefundRequest::merchantId).distinct().toList());
        return done.stream()
                .map(r -> new FinishedRefund(
                        mids.get(r.merchantId()),
                        r.id(),
                        r.txnId(),
                        r.amountFen(),
                        r.status(),
                        r.reason(),
                        r.finishedAt()))
                .toList();
    }
}
