package com.shanfu.portal.application;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the applicant types; {@link #problems} is the one validation the form, the service and the tests use. */
public record ApplicationForm(String legalName, String idNumber, String phone, String settlementCard,
                              String shippingAddress, String city) {

    public static final String NAME_PATTERN = "[\\p{IsHan}A-Za-z·. ]{2,50}";

    /** Field name → message key, in form order; empty when everything is valid. */
    public Map<String, String> problems(LocalDate today) {
        Map<String, String> p = new LinkedHashMap<>();
        if (blank(legalName)) {
            p.put("legalName", "validation.required");
        } else if (!legalName.trim().matches(NAME_PATTERN)) {
            p.put("legalName", "validation.name.format");
        }
        IdNumber.problem(idNumber, today).ifPresent(k -> p.put("idNumber", k));
        MobilePhone.problem(phone).ifPresent(k -> p.put("phone", k));
        BankCards.settlementCardProblem(settlementCard).ifPresent(k -> p.put("settlementCard", k));
        if (blank(shippingAddress)) {
            p.put("shippingAddress", "validation.required");
        } else if (shippingAddress.trim().length() < 8 || shippingAddress.trim().length() > Application.ADDRESS_MAX) {
            p.put("shippingAddress", "validation.address.length");
        }
        if (blank(city)) {
            p.put("city", "validation.required");
        } else if (city.trim().length() > Application.CITY_MAX) {
            p.put("city", "validation.city.length");
        }
        return p;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
