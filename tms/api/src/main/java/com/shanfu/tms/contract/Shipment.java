package com.shanfu.tms.contract;

import java.time.Instant;

/** A device on its way to a merchant, with its TID and the one-time activation code (shown once). */
public record Shipment(
        String serial, String model, String tid, String mid, String activationCode, Instant activationExpiresAt) {}
