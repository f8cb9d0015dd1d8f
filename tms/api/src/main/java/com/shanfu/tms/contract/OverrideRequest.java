package com.shanfu.tms.contract;

import java.util.Map;

/** The settings of an override; empty removes it. */
public record OverrideRequest(Map<String, Object> settings) {}
