package com.shanfu.portal.application;

import java.util.Locale;
import java.util.Optional;

/** Mainland China mobile numbers: 11 digits starting 13–19. */
public final class MobilePhone {

    public static final int LENGTH = 11;

    private MobilePhone() {}

    public static String normalise(String raw) {
        String p = raw == null ? "" : raw.replaceAll("[\\s-]", "");
        return p.startsWith("+86") ? p.substring(3) : p;
    }

    public static Optional<String> problem(String raw) {
        String p = normalise(raw);
        if (p.isEmpty()) {
            return Optional.of("validation.required");
        }
        return p.matches("1[3-9]\\d{9}") ? Optional.empty() : Optional.of("validation.phone.format");
    }

    /** 138****8000: the middle four digits hidden, as Chinese services show phone numbers. */
    public static String mask(String phone) {
        return phone.substring(0, 3) + "****" + phone.substring(7);
    }

    /** 138 0013 8000 in Chinese; +86 138 0013 8000 in other languages. */
    public static String format(String phone, Locale locale) {
        String grouped = phone.substring(0, 3) + " " + phone.substring(3, 7) + " " + phone.substring(7);
        return Locale.CHINESE.getLanguage().equals(locale.getLanguage()) ? grouped : "+86 " + grouped;
    }
}
