package com.shanfu.tms.contract;

/** How many devices of a group a lifecycle change reached. */
public record GroupChange(int changed) {}
