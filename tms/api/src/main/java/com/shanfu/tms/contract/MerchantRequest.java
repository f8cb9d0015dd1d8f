package com.shanfu.tms.contract;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Registers a merchant (idempotent on {@code externalRef}); terms only from an admin or the portal. */
public record MerchantRequest(
        @NotBlank @Size(max = 64) String externalRef,
        @NotBlank @Size(max = 100) String name,
        @NotBlank @Size(max = 50) String city,
        @Pattern(regexp = "\\d{4}") String mcc,
        @Valid Terms terms) {}
