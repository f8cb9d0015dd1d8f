package com.shanfu.tms.contract;

import java.util.List;

/** The template in force and every override. */
public record Configuration(PublishedVersion current, List<OverrideSettings> overrides) {}
