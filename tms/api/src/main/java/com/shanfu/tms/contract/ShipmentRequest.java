package com.shanfu.tms.contract;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Ships a device of a model to a merchant: the one with this serial, or the oldest in stock when it is null. */
public record ShipmentRequest(
        @NotBlank @Size(max = 64) String shipmentRef,
        @NotBlank @Pattern(regexp = "\\d{15}") String mid,
        @NotBlank @Size(max = 32) String model,
        @Pattern(regexp = "[A-Z0-9-]{6,32}") String serial) {}
