package com.shanfu.tms.keys;

/** A key as the TMS stores it: encrypted under the local master key, with its key check value (hex). */
public record LmkKey(byte[] underLmk, String kcv) {}
