package com.shanfu.terminal.cli;

import java.math.BigDecimal;

/** Amounts typed by the cashier: yuan with at most two decimals, above zero. */
final class Amounts {

    private Amounts() {}

    /** The amount in fen, or null when the text is not a valid amount. */
    static Long fen(String text) {
        try {
            BigDecimal yuan = new BigDecimal(text.trim());
            if (yuan.scale() > 2 || yuan.signum() <= 0) {
                return null;
            }
            return yuan.movePointRight(2).longValueExact();
        } catch (NumberFormatException | ArithmeticException | NullPointerException e) {
            return null;
        }
    }
}
