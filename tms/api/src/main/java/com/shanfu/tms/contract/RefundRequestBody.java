package com.shanfu.tms.contract;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Asks for a refund of part or all of a sale (idempotent on requestRef). */
public record RefundRequestBody(
        @NotNull @Min(1) Long txnId,
        @NotNull @Min(1) @Max(100_000_000) Long amountFen,
        @NotBlank @Pattern(regexp = "[A-Za-z0-9-]{8,64}") String requestRef,
        @NotBlank @Size(max = 100) String requestedBy) {}
