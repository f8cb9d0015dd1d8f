package com.shanfu.tms.issuer;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Opening card accounts at the issuer simulator for load runs and tests (never the demo cards). */
@RestController
@ConditionalOnProperty(name = "shanfu.demo", havingValue = "true")
@SecurityRequirement(name = "keycloak")
class TestCardController {

    record CardRequest(String pan, String expiryYymm, String cardType, long balanceFen) {}

    private final TestCards cards;

    TestCardController(TestCards cards) {
        this.cards = cards;
    }

    @PostMapping("/api/v1/simulator/issuer-cards")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('staff', 'admin')")
    @Operation(summary = "Open a card account at the issuer simulator (PIN 123456) for a load run or a test")
    void open(@RequestBody CardRequest r) {
        cards.open(r.pan(), r.expiryYymm(), r.cardType(), r.balanceFen());
    }
}
