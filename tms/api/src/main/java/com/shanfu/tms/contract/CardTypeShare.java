package com.shanfu.tms.contract;

/** Takings by scheme and card type. */
public record CardTypeShare(String scheme, String cardType, int saleCount, long salesFen) {}
