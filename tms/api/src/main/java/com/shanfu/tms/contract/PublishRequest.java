package com.shanfu.tms.contract;

import java.util.Map;

/** A new configuration version: the template's settings (by {@link ConfigKey#key()}) and a note. */
public record PublishRequest(Map<String, Object> settings, String note) {}
