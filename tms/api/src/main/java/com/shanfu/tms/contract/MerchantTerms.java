package com.shanfu.tms.contract;

/** A merchant with its MID and settlement terms. */
public record MerchantTerms(String mid, String name, String city, String mcc, Terms terms) {}
