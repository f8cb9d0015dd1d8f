package com.shanfu.tms.issuer;

/** The card scheme by BIN range. */
public final class CardScheme {

    private CardScheme() {}

    public static String of(String pan) {
        if (pan.startsWith("62") || pan.startsWith("81")) {
            return "unionpay";
        }
        if (pan.startsWith("4")) {
            return "visa";
        }
        int two = Integer.parseInt(pan.substring(0, 2));
        int four = Integer.parseInt(pan.substring(0, 4));
        if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
            return "mastercard";
        }
        return "other";
    }
}
