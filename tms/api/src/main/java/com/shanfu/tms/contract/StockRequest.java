package com.shanfu.tms.contract;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Adds a device to stock; publicKey is its key from the factory list (base64 X.509 RSA of 2048 bits or more). */
public record StockRequest(
        @NotBlank @Size(max = 32) String serial,
        @NotBlank @Size(max = 32) String model,
        @Size(max = 1200) String publicKey) {}
