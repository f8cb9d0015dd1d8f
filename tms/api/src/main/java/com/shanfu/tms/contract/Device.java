package com.shanfu.tms.contract;

import java.time.Instant;

/** A device's lifecycle state; tid, mid and health only once it has a merchant. */
public record Device(
        String serial,
        String model,
        DeviceStatus status,
        String tid,
        String mid,
        Instant lastSeenAt,
        String softwareVersion) {}
