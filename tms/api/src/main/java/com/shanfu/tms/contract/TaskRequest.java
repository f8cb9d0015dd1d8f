package com.shanfu.tms.contract;

import java.util.Map;

/** A task pushed to a group of devices, with its payload (e.g. the software version). */
public record TaskRequest(TaskKind kind, Map<String, Object> payload) {}
