package com.shanfu.tms.api;

import com.shanfu.tms.contract.Device;
import com.shanfu.tms.contract.MerchantRequest;
import com.shanfu.tms.contract.MerchantTerms;
import com.shanfu.tms.contract.Model;
import com.shanfu.tms.contract.Shipment;
import com.shanfu.tms.contract.ShipmentRequest;
import com.shanfu.tms.contract.StockRequest;
import com.shanfu.tms.contract.Terms;
import com.shanfu.tms.device.DeviceService;
import com.shanfu.tms.device.TerminalModelRepository;
import com.shanfu.tms.journal.Batch;
import com.shanfu.tms.journal.BatchRepository;
import com.shanfu.tms.journal.BatchUploads;
import com.shanfu.tms.journal.TxnRepository;
import com.shanfu.tms.merchant.FeeSchedule;
import com.shanfu.tms.merchant.Merchant;
import com.shanfu.tms.merchant.MerchantService;
import com.shanfu.tms.web.Roles;
import com.shanfu.tms.web.TmsException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The TMS API the portal and operators use (OpenAPI at /v3/api-docs). */
@RestController
@RequestMapping("/api/v1")
@Validated
@SecurityRequirement(name = "keycloak")
class TmsApiController {

    private final MerchantService merchants;
    private final DeviceService devices;
    private final TerminalModelRepository models;
    private final TxnRepository journal;
    private final BatchRepository batches;
    private final BatchUploads uploads;

    TmsApiController(
            MerchantService merchants,
            DeviceService devices,
            TerminalModelRepository models,
            TxnRepository journal,
            BatchRepository batches,
            BatchUploads uploads) {
        this.uploads = uploads;
        this.merchants = merchants;
        this.devices = devices;
        this.models = models;
        this.journal = journal;
        this.batches = batches;
    }

    private static FeeSchedule fees(Terms t) {
        return new FeeSchedule(t.feePlan(), t.debitRateBp(), t.debitCapFen(), t.creditRateBp(), t.creditCapFen());
    }

    static MerchantTerms view(Merchant m) {
        FeeSchedule f = m.feeSchedule();
        return new MerchantTerms(
                m.mid(),
                m.name(),
                m.city(),
                m.mcc(),
                new Terms(
                        f.code(),
                        f.debitRateBp(),
                        f.debitCapFen(),
                        f.creditRateBp(),
                        f.creditCapFen(),
                        m.settlementCycle(),
                        m.settlementAccount()));
    }

    @GetMapping("/models")
    @Operation(summary = "The terminal model catalogue")
    List<Model> models() {
        return models.findAll().stream()
                .map(m -> new Model(
                        m.code(), m.name(), m.connectivity(), m.hasPrinter(), m.priceFen(), devices.inStock(m.code())))
                .toList();
    }

    @PostMapping("/merchants")
    @Operation(
            summary = "Register a merchant (idempotent on externalRef) and allocate its MID. Settlement terms may be"
                    + " given (admin or portal client) for a new merchant only; an existing one keeps its terms, and different"
                    + " ones are refused: they change through PUT /merchants/{mid}/terms")
    MerchantTerms register(@Valid @RequestBody MerchantRequest r, Authentication who) {
        if (r.terms() != null && !Roles.any(who, "admin", "tms-client")) {
            throw new TmsException(
                    HttpStatus.FORBIDDEN,
                    "terms-not-allowed",
                    "settlement terms are set by an admin or the portal, not with this role");
        }
        MerchantService.Registration reg = merchants.register(
                r.externalRef(),
                r.name(),
                r.city(),
                r.mcc() == null ? "5812" : r.mcc(),
                r.terms() == null
                        ? null
                        : new MerchantService.Terms(
                                fees(r.terms()), r.terms().cycle(), r.terms().settlementAccount()));
        return view(reg.merchant());
    }

    @PutMapping("/merchants/{mid}/terms")
    @PreAuthorize("hasAnyRole('admin', 'tms-client')")
    @Operation(summary = "Change a merchant's fee plan, settlement cycle or settlement card; later payouts use them")
    MerchantTerms changeTerms(@PathVariable @Pattern(regexp = "\\d{15}") String mid, @Valid @RequestBody Terms terms) {
        return view(merchants.settleWith(mid, fees(terms), terms.cycle(), terms.settlementAccount()));
    }

    @GetMapping("/merchants/{mid}")
    @Operation(summary = "A merchant with its settlement terms")
    MerchantTerms merchant(@PathVariable @Pattern(regexp = "\\d{15}") String mid) {
        return view(merchants.byMid(mid));
    }

    @PostMapping("/shipments")
    @Operation(
            summary = "Take a device from stock for a merchant, allocate its TID and issue a one-time activation code")
    Shipment ship(@Valid @RequestBody ShipmentRequest r, Authentication who) {
        Merchant m = merchants.byMid(r.mid());
        DeviceService.Shipment s = devices.ship(m, r.model(), r.serial(), r.shipmentRef(), who.getName());
        return new Shipment(
                s.device().serial(),
                s.device().modelCode(),
                s.device().tid(),
                m.mid(),
                s.activationCode(),
                s.activationExpiresAt());
    }

    @PostMapping("/devices/{serial}/activation-code")
    @PreAuthorize("hasAnyRole('admin', 'tms-client')")
    @Operation(summary = "Issue a new activation code for a shipped device (the earlier code stops working)")
    Shipment reissueActivationCode(
            @PathVariable @Pattern(regexp = "[A-Z0-9-]{6,32}") String serial, Authentication who) {
        DeviceService.Shipment s = devices.reissueActivationCode(serial, who.getName());
        return new Shipment(
                s.device().serial(),
                s.device().modelCode(),
                s.device().tid(),
                s.device().merchant().mid(),
                s.activationCode(),
                s.activationExpiresAt());
    }

    @PostMapping("/devices")
    @org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.CREATED)
    @Operation(
            summary = "Add a device to stock (serial 6-32 of A-Z, 0-9, '-'; a known model; each serial once; "
                    + "publicKey: the device's key from the factory list, without which it cannot be activated)")
    Device addToStock(@Valid @RequestBody StockRequest r, Authentication who) {
        var d = devices.addToStock(r.serial().strip().toUpperCase(), r.model().strip(), r.publicKey(), who.getName());
        return new Device(d.serial(), d.modelCode(), d.status(), null, null, null, null);
    }

    @GetMapping("/models/{model}/stock")
    @Operation(summary = "In-stock devices of a model, oldest first (to pick one for a shipment)")
    List<Device> stock(
            @PathVariable @Pattern(regexp = "[A-Z0-9-]{2,32}") String model,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return devices.stock(model, limit).stream()
                .map(d -> new Device(d.serial(), d.modelCode(), d.status(), null, null, null, null))
                .toList();
    }

    @GetMapping("/devices/{serial}")
    @Operation(summary = "A device's lifecycle state and health")
    Device device(@PathVariable @Pattern(regexp = "[A-Z0-9-]{6,32}") String serial) {
        var d = devices.bySerial(serial);
        return new Device(
                d.serial(),
                d.modelCode(),
                d.status(),
                d.tid(),
                d.merchant() == null ? null : d.merchant().mid(),
                d.lastSeenAt(),
                d.softwareVersion());
    }

    @GetMapping("/merchants/{mid}/batches")
    @Operation(
            summary =
                    "A merchant's batches with host totals, settlement result and, when not balanced, each difference")
    List<com.shanfu.tms.contract.Batch> batches(@PathVariable @Pattern(regexp = "\\d{15}") String mid) {
        Merchant m = merchants.byMid(mid);
        List<Batch> list = batches.findByMerchantIdOrderByOpenedAtDesc(m.id());
        java.util.Map<Long, String> tids =
                devices.tidsOf(list.stream().map(Batch::deviceId).distinct().toList());
        return list.stream()
                .map(b -> {
                    var t = b.hostTotals();
                    return new com.shanfu.tms.contract.Batch(
                            b.batchNo(),
                            tids.get(b.deviceId()),
                            b.status(),
                            b.balanced(),
                            t.debitTotal(),
                            t.debitCount(),
                            t.creditTotal(),
                            t.creditCount(),
                            b.openedAt(),
                            b.closedAt(),
                            Boolean.FALSE.equals(b.balanced()) ? uploads.differences(b.id()) : List.of());
                })
                .toList();
    }
}
