package com.shanfu.tms.contract;

import java.time.Instant;
import java.util.Map;

/** A published configuration version. */
public record PublishedVersion(
        int version, Map<String, Object> settings, String note, String publishedBy, Instant publishedAt) {}
