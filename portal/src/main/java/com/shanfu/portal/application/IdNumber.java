package com.shanfu.portal.application;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;

/**
 * The resident identity card number (GB 11643-1999): 6-digit region code, birth date YYYYMMDD, 3-digit sequence,
 * check character (ISO 7064 MOD 11-2). Used by the form, the service and the tests alike.
 */
public final class IdNumber {

    public static final int LENGTH = 18;
    public static final int MIN_AGE = 18;
    public static final int MAX_AGE = 65;
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";
    /** Province-level region codes (GB/T 2260) and their names. */
    public static final java.util.Map<String, String> PROVINCES = provinces();

    private static final DateTimeFormatter BIRTH =
            DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

    private IdNumber() {}

    /** The problem with this number as a message key, or empty when it is a valid number of an adult aged 18–65. */
    public static Optional<String> problem(String raw, LocalDate today) {
        if (raw == null || raw.isBlank()) {
            return Optional.of("validation.required");
        }
        String id = normalise(raw);
        if (!id.matches("\\d{17}[0-9X]")) {
            return Optional.of("validation.id.format");
        }
        if (checkCharacter(id.substring(0, 17)) != id.charAt(17)) {
            return Optional.of("validation.id.checksum");
        }
        if (!PROVINCES.containsKey(id.substring(0, 2))) {
            return Optional.of("validation.id.region");
        }
        LocalDate birth = birthDate(id).orElse(null);
        if (birth == null || birth.isAfter(today) || birth.isBefore(LocalDate.of(1900, 1, 1))) {
            return Optional.of("validation.id.birthdate");
        }
        int age = Period.between(birth, today).getYears();
        if (age < MIN_AGE) {
            return Optional.of("validation.id.underage");
        }
        if (age > MAX_AGE) {
            return Optional.of("validation.id.overage");
        }
        return Optional.empty();
    }

    private static java.util.Map<String, String> provinces() {
        String[] pairs = {
            "11", "北京", "12", "天津", "13", "河北", "14", "山西", "15", "内蒙古", "21", "辽宁", "22", "吉林", "23", "黑龙江", "31",
            "上海", "32", "江苏", "33", "浙江", "34", "安徽", "35", "福建", "36", "江西", "37", "山东", "41", "河南", "42", "湖北", "43",
            "湖南", "44", "广东", "45", "广西", "46", "海南", "50", "重庆", "51", "四川", "52", "贵州", "53", "云南", "54", "西藏", "61",
            "陕西", "62", "甘肃", "63", "青海", "64", "宁夏", "65", "新疆", "71", "台湾", "81", "香港", "82", "澳门"
        };
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    public static String normalise(String raw) {
        return raw.trim().toUpperCase().replace(" ", "");
    }

    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK.charAt(sum % 11);
    }

    public static Optional<LocalDate> birthDate(String id) {
        try {
            return Optional.of(LocalDate.parse(id.substring(6, 14), BIRTH));
        } catch (DateTimeParseException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /** First 3 and last 4 characters, as Chinese services show ID numbers. */
    public static String mask(String id) {
        return id.substring(0, 3) + "*".repeat(id.length() - 7) + id.substring(id.length() - 4);
    }
}
