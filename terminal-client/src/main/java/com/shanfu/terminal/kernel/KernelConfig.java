package com.shanfu.terminal.kernel;

import java.util.List;

/**
 * The kernel's parameters from the configuration profile (docs/protocol.md): limits in fen, supported AIDs in
 * order of preference, terminal capabilities (9F33) and transaction qualifiers (9F66).
 */
public record KernelConfig(long transactionLimitFen, long floorLimitFen, long cvmLimitFen, List<String> aids,
                           String terminalCapabilities, String ttq) {

    public static final List<String> DEFAULT_AIDS = List.of("A000000333010101", "A000000333010102",
            "A000000333010103", "A0000000031010", "A0000000041010");

    /** UnionPay defaults: CVM required from 1000.00 CNY, contactless up to 5000.00 CNY, every tap online. */
    public static KernelConfig defaults() {
        return new KernelConfig(500_000, 0, 100_000, DEFAULT_AIDS, "E0F8C8", "26000080");
    }
}
