package com.shanfu.e2e;

import java.time.LocalDate;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An applicant for the browser journeys: a valid resident ID number of the given age, a mainland mobile number,
 * and a debit card (ABC, BIN 622848) and a credit card (ICBC, BIN 625809) with valid Luhn digits; all random, so
 * runs never collide on the per-ID limit.
 */
public record Person(String name, String idNumber, String mobile, String debitCard, String creditCard) {

    public static Person aged(int years) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        LocalDate birth = LocalDate.now().minusYears(years).minusDays(r.nextInt(10, 300));
        return withBirthDate(birth);
    }

    public static Person withBirthDate(LocalDate birth) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String first17 = "310115" + birth.toString().replace("-", "") + String.format("%03d", r.nextInt(1000));
        String mobile = "139" + String.format("%08d", r.nextInt(100_000_000));
        return new Person("张小明", first17 + idCheck(first17), mobile, card("622848", 19), card("625809", 16));
    }

    public Person withIdNumber(String id) {
        return new Person(name, id, mobile, debitCard, creditCard);
    }

    public Person withBadCheckDigit() {
        char last = idNumber.charAt(17);
        char wrong = last == '0' ? '1' : last == 'X' ? '0' : (char) (last - 1);
        return withIdNumber(idNumber.substring(0, 17) + wrong);
    }

    static char idCheck(String first17) {
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * w[i];
        }
        return "10X98765432".charAt(sum % 11);
    }

    static String card(String bin, int length) {
        StringBuilder b = new StringBuilder(bin);
        while (b.length() < length - 1) {
            b.append(ThreadLocalRandom.current().nextInt(10));
        }
        for (int d = 0; d < 10; d++) {
            if (luhn(b.toString() + d)) {
                return b.append(d).toString();
            }
        }
        throw new IllegalStateException();
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
