package com.shanfu.tms.statement;

import com.shanfu.tms.contract.Receipt;
import com.shanfu.tms.device.DeviceService;
import com.shanfu.tms.journal.Txn;
import com.shanfu.tms.journal.TxnRepository;
import com.shanfu.tms.merchant.MerchantRepository;
import com.shanfu.tms.web.TmsException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The e-receipt behind a receipt's QR code, found by its token (for the portal's public receipt page). */
@RestController
@RequestMapping("/api/v1")
@Validated
@SecurityRequirement(name = "keycloak")
class ReceiptApiController {

    private final TxnRepository journal;
    private final MerchantRepository merchants;
    private final DeviceService devices;

    ReceiptApiController(TxnRepository journal, MerchantRepository merchants, DeviceService devices) {
        this.journal = journal;
        this.merchants = merchants;
        this.devices = devices;
    }

    @GetMapping("/receipts/{token}")
    @Transactional(readOnly = true)
    @Operation(summary = "An approved transaction's e-receipt by the token its answer carried (card number masked)")
    Receipt receipt(@PathVariable @Pattern(regexp = "[A-Za-z0-9_-]{22}") String token) {
        Txn t = journal.findByReceiptToken(token)
                .orElseThrow(
                        () -> new TmsException(HttpStatus.NOT_FOUND, "unknown-receipt", "no receipt for this link"));
        var m = merchants.findById(t.merchantId()).orElseThrow();
        String tid = devices.tidsOf(List.of(t.deviceId())).get(t.deviceId());
        return new Receipt(
                m.name(),
                m.mid(),
                tid,
                t.kind(),
                t.amountFen(),
                t.currency(),
                t.panMasked(),
                t.cardScheme(),
                t.cardType(),
                t.status(),
                t.authCode(),
                t.rrn(),
                t.batchNo(),
                t.stan(),
                t.createdAt(),
                t.refundedFen());
    }
}
