package com.shanfu.tms.contract;

import java.util.EnumSet;
import java.util.Set;

/** A device's lifecycle; only the transitions listed here are legal. */
public enum DeviceStatus {
    IN_STOCK,
    ASSIGNED,
    SHIPPED,
    ACTIVE,
    SUSPENDED,
    RETIRED;

    public Set<DeviceStatus> next() {
        return switch (this) {
            case IN_STOCK -> EnumSet.of(ASSIGNED, RETIRED);
            case ASSIGNED -> EnumSet.of(SHIPPED, IN_STOCK, RETIRED);
            case SHIPPED -> EnumSet.of(ACTIVE, IN_STOCK, RETIRED);
            case ACTIVE -> EnumSet.of(SUSPENDED, RETIRED);
            case SUSPENDED -> EnumSet.of(ACTIVE, RETIRED);
            case RETIRED -> EnumSet.noneOf(DeviceStatus.class);
        };
    }
}
