package com.shanfu.terminal.kernel;

import com.shanfu.protocol.management.ContactlessLimits;
import java.util.List;

/**
 * The kernel's parameters from the configuration profile (docs/protocol.md): limits in fen, supported AIDs in
 * order of preference, terminal capabilities (9F33) and transaction qualifiers (9F66).
 */
public record KernelConfig(
        long transactionLimitFen,
        long floorLimitFen,
        long cvmLimitFen,
        List<String> aids,
        String terminalCapabilities,
        String ttq) {

    public static final List<String> DEFAULT_AIDS =
            List.of("A000000333010101", "A000000333010102", "A000000333010103", "A0000000031010", "A0000000041010");

    /** The kernel's settings from a configuration pushed by the TMS; what it does not name keeps its default. */
    public static KernelConfig from(java.util.Map<String, Object> config) {
        KernelConfig d = defaults();
        if (config == null || config.isEmpty()) {
            return d;
        }
        @SuppressWarnings("unchecked")
        List<String> aids = config.get("aids") instanceof List<?> l ? (List<String>) l : d.aids();
        ContactlessLimits limits = ContactlessLimits.from(config);
        return new KernelConfig(
                limits.transactionLimitFen(),
                limits.floorLimitFen(),
                limits.cvmLimitFen(),
                aids,
                config.get("terminalCapabilities") instanceof String c ? c : d.terminalCapabilities(),
                d.ttq());
    }

    /** UnionPay defaults: CVM required from 1000.00 CNY, contactless up to 5000.00 CNY, every tap online. */
    public static KernelConfig defaults() {
        ContactlessLimits l = ContactlessLimits.DEFAULTS;
        return new KernelConfig(
                l.transactionLimitFen(), l.floorLimitFen(), l.cvmLimitFen(), DEFAULT_AIDS, "E0F8C8", "26000080");
    }
}
