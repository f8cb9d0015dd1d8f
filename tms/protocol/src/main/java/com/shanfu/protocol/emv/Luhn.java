package com.shanfu.protocol.emv;

/** The check digit of a card number (ISO/IEC 7812-1 annex B). */
public final class Luhn {

    private Luhn() {}

    /** Whether the digits end in their right Luhn check digit; {@code digits} holds only 0-9. */
    public static boolean valid(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
