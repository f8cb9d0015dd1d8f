package com.shanfu.tms.contract;

/** The tasks a change created: their batch reference (for progress) and how many terminals it reaches. */
public record Rollout(String batchRef, int version, int terminals) {}
