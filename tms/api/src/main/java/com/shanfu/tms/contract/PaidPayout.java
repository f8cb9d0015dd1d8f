package com.shanfu.tms.contract;

/** A paid payout with its merchant's MID (news for the portal to tell). */
public record PaidPayout(String mid, Payout payout) {}
