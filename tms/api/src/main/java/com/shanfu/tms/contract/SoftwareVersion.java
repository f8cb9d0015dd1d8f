package com.shanfu.tms.contract;

import java.time.Instant;

/** A terminal software package the TMS keeps: version, size, SHA-256 and who uploaded it when. */
public record SoftwareVersion(
        String version, long sizeBytes, String sha256, String mainClass, String uploadedBy, Instant uploadedAt) {}
