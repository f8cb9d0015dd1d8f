package com.shanfu.protocol.management;

/** {@code POST /api/terminal/v1/heartbeat}, authenticated by the device credential in {@link #CREDENTIAL_HEADER}. */
public record HeartbeatRequest(
        String tid, String softwareVersion, Integer batteryPercent, Boolean paperPresent, Integer batch) {

    public static final String PATH = "/api/terminal/v1/heartbeat";
    public static final String CREDENTIAL_HEADER = "X-Shanfu-Device-Credential";
}
