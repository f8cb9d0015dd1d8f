package com.shanfu.tms.contract;

/** A terminal model of the catalogue with its price and how many are in stock. */
public record Model(String code, String name, String connectivity, boolean printer, long priceFen, long inStock) {}
