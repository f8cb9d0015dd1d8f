package com.shanfu.tms.contract;

/** A change that needs a reason (suspending, retiring, replacing a device). */
public record ReasonRequest(String reason) {}
