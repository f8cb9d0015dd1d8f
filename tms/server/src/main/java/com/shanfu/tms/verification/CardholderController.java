package com.shanfu.tms.verification;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Opens cards at the simulated bank: how the demo and the tests give a person a bank account. Staff and admin only. */
@RestController
@ConditionalOnProperty(name = "shanfu.simulators.identity.enabled", havingValue = "true")
@SecurityRequirement(name = "keycloak")
class CardholderController {

    record CardholderRequest(
            @NotBlank @Size(max = 50) String name,
            @Pattern(regexp = "\\d{17}[0-9Xx]") String idNumber,
            @Pattern(regexp = "\\d{12,19}") String cardNumber,
            @Pattern(regexp = "1\\d{10}") String mobile,
            @Pattern(regexp = "DEBIT|CREDIT") String cardType) {}

    private final IdentityVerification verification;

    CardholderController(IdentityVerification verification) {
        this.verification = verification;
    }

    @PostMapping("/api/v1/simulator/cardholders")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('staff', 'admin')")
    @Operation(summary = "Open a card for a person at the simulated bank (local run and tests only)")
    void open(@Valid @RequestBody CardholderRequest r) {
        verification.openCard(
                new IdentityVerification.Elements(r.name(), r.idNumber(), r.cardNumber(), r.mobile()),
                r.cardType() == null ? "DEBIT" : r.cardType());
    }
}
