package com.shanfu.portal.application;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The couriers devices are shipped with and the form of their tracking numbers. Names: {@code courier.<code>}. */
public final class Couriers {

    public static final Map<String, String> TRACKING_FORMATS = new LinkedHashMap<>();

    static {
        TRACKING_FORMATS.put("SF", "SF\\d{13}"); // SF Express: SF + 13 digits
        TRACKING_FORMATS.put("JD", "JD[0-9A-Z]{13}"); // JD Logistics: JD + 13
        TRACKING_FORMATS.put("EMS", "\\d{13}|E[A-Z]\\d{9}CN"); // China Post EMS: 13 digits, or the UPU S10 form
    }

    private Couriers() {}

    /** The problem with a courier and tracking number as a message key, or empty. */
    public static Optional<String> problem(String courier, String trackingNumber) {
        if (courier == null || !TRACKING_FORMATS.containsKey(courier)) {
            return Optional.of("validation.courier.unknown");
        }
        String t = trackingNumber == null ? "" : trackingNumber.strip().toUpperCase();
        return t.matches(TRACKING_FORMATS.get(courier)) ? Optional.empty() : Optional.of("validation.tracking.format");
    }
}
