package com.shanfu.terminal.host;

/**
 * Asks the cardholder for their PIN; returns null when they cancel. The PIN comes as characters, never as a
 * {@code String}: the caller wipes the array as soon as the PIN block is made.
 */
@FunctionalInterface
public interface PinPad {

    char[] enterPin(String maskedPan, long amountFen);

    /** For a sale that must not ask (no PIN pad available): every PIN request is a cancel. */
    PinPad NONE = (pan, amount) -> null;
}
