package com.shanfu.protocol.management;

/**
 * {@code POST /api/terminal/v1/heartbeat}, authenticated by the device credential in {@link #CREDENTIAL_HEADER}.
 * {@code connectivity}: how the terminal reaches the TMS ({@code WIFI}, {@code CELLULAR}, {@code ETHERNET}) and
 * {@code signalDbm} its radio's signal; both may be missing (older terminals).
 */
public record HeartbeatRequest(
        String tid,
        String softwareVersion,
        Integer batteryPercent,
        Boolean paperPresent,
        Integer batch,
        String connectivity,
        Integer signalDbm) {

    /** The links a heartbeat may name, and the range a radio's signal can have. */
    public static final java.util.List<String> CONNECTIVITY = java.util.List.of("WIFI", "CELLULAR", "ETHERNET");

    public static final int MIN_SIGNAL_DBM = -140;
    public static final int MAX_SIGNAL_DBM = 0;

    public static final String PATH = "/api/terminal/v1/heartbeat";
    public static final String CREDENTIAL_HEADER = "X-Shanfu-Device-Credential";
}
