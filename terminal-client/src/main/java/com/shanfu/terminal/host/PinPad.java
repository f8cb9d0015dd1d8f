package com.shanfu.terminal.host;

/** Asks the cardholder for their PIN; returns null when they cancel. */
@FunctionalInterface
public interface PinPad {

    String enterPin(String maskedPan, long amountFen);

    /** For a sale that must not ask (no PIN pad available): every PIN request is a cancel. */
    PinPad NONE = (pan, amount) -> null;
}
