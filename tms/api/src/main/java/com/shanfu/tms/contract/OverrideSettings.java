package com.shanfu.tms.contract;

import java.util.Map;

/** The settings a model, region, merchant or terminal gets instead of the template's. */
public record OverrideSettings(Scope scope, String key, Map<String, Object> settings) {}
