package com.shanfu.tms.contract;

/** Asking a terminal for its recent log: the last {@code maxBytes} (1 KiB to 256 KiB; none: 64 KiB). */
public record LogRequest(Integer maxBytes) {}
