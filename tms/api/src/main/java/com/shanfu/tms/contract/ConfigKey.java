package com.shanfu.tms.contract;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The settings a terminal configuration may hold, each with the type its value must have. */
public enum ConfigKey {
    MERCHANT_NAME("merchantName", String.class),
    MERCHANT_CITY("merchantCity", String.class),
    CURRENCY("currency", String.class),
    COUNTRY("country", String.class),
    CONTACTLESS_TRANSACTION_LIMIT_FEN("contactlessTransactionLimitFen", Long.class),
    CONTACTLESS_FLOOR_LIMIT_FEN("contactlessFloorLimitFen", Long.class),
    CVM_REQUIRED_LIMIT_FEN("cvmRequiredLimitFen", Long.class),
    AIDS("aids", List.class),
    CA_PUBLIC_KEY_INDEXES("caPublicKeyIndexes", Map.class),
    TERMINAL_CAPABILITIES("terminalCapabilities", String.class),
    TERMINAL_TYPE("terminalType", String.class),
    ADDITIONAL_CAPABILITIES("additionalCapabilities", String.class),
    AUTO_SETTLEMENT_TIME("autoSettlementTime", String.class),
    RECEIPT_FOOTER("receiptFooter", String.class),
    HOST_ADDRESS("hostAddress", String.class),
    HOST_PORT("hostPort", Long.class),
    HOST_TIMEOUT_MILLIS("hostTimeoutMillis", Long.class),
    HOST_RETRIES("hostRetries", Long.class);

    private final String key;
    private final Class<?> type;

    ConfigKey(String key, Class<?> type) {
        this.key = key;
        this.type = type;
    }

    /** The name in the configuration's JSON. */
    public String key() {
        return key;
    }

    public Class<?> type() {
        return type;
    }

    public static Optional<ConfigKey> of(String key) {
        for (ConfigKey k : values()) {
            if (k.key.equals(key)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
