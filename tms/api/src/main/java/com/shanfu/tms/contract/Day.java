package com.shanfu.tms.contract;

import java.time.LocalDate;

/** One day's takings. */
public record Day(LocalDate date, long salesFen, int saleCount) {}
