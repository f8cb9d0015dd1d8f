package com.shanfu.tms.contract;

import java.time.LocalDate;
import java.util.List;

/** The money dashboard of a merchant on a day. */
public record Summary(
        LocalDate date, Figures today, Figures month, List<Day> last30Days, List<CardTypeShare> cardTypes) {}
