package com.shanfu.tms.contract;

import java.time.Instant;

/** A device swapped: the old one retired with its keys, the new one shipped with a new activation code. */
public record Replacement(
        String oldSerial,
        String serial,
        String model,
        String tid,
        String mid,
        String activationCode,
        Instant activationExpiresAt) {}
