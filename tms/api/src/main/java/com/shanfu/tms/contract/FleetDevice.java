package com.shanfu.tms.contract;

import java.time.Instant;

/**
 * A device as operators see it, with its health; silent: active and not heard from for a while. connectivity: WIFI,
 * CELLULAR or ETHERNET and signalDbm, as its last heartbeat said.
 */
public record FleetDevice(
        String serial,
        String model,
        DeviceStatus status,
        String tid,
        String mid,
        String merchantCity,
        Instant lastSeenAt,
        boolean silent,
        String softwareVersion,
        Integer batteryPercent,
        Boolean paperPresent,
        Integer lastBatch,
        Integer configVersion,
        String connectivity,
        Integer signalDbm) {}
