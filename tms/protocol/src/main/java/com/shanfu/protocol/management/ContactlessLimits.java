package com.shanfu.protocol.management;

import java.util.Map;

/**
 * The contactless limits of a configuration profile (docs/protocol.md, "Configuration"), in fen, read the same way
 * by the terminal's kernel and by the host's parameter download: what the profile does not name keeps its default
 * (UnionPay: CVM required from 1000.00 CNY, contactless up to 5000.00 CNY, every tap online).
 */
public record ContactlessLimits(long transactionLimitFen, long floorLimitFen, long cvmLimitFen) {

    public static final String TRANSACTION_LIMIT = "contactlessTransactionLimitFen";
    public static final String FLOOR_LIMIT = "contactlessFloorLimitFen";
    public static final String CVM_LIMIT = "cvmRequiredLimitFen";
    public static final ContactlessLimits DEFAULTS = new ContactlessLimits(500_000, 0, 100_000);

    public static ContactlessLimits from(Map<String, Object> config) {
        if (config == null) {
            return DEFAULTS;
        }
        return new ContactlessLimits(
                number(config, TRANSACTION_LIMIT, DEFAULTS.transactionLimitFen()),
                number(config, FLOOR_LIMIT, DEFAULTS.floorLimitFen()),
                number(config, CVM_LIMIT, DEFAULTS.cvmLimitFen()));
    }

    private static long number(Map<String, Object> config, String key, long fallback) {
        return config.get(key) instanceof Number n ? n.longValue() : fallback;
    }
}
