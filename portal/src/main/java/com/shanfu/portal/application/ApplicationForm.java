package com.shanfu.portal.application;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the applicant types; {@link #problems} is the one validation the form, the service and the tests use. The
 * credit card and the preferred model are optional.
 */
public record ApplicationForm(
        String legalName,
        String idNumber,
        String phone,
        String settlementCard,
        String creditCard,
        String mcc,
        String businessAddress,
        String shippingAddress,
        String city,
        String preferredModel) {

    public static final String NAME_PATTERN = "[\\p{IsHan}A-Za-z·. ]{2,50}";
    public static final int ADDRESS_MIN = 8;
    /** The terminal models an applicant may ask for (staff recommend one when none is chosen). */
    public static final List<String> MODELS = List.of("SF-Q1", "SF-P2");

    public static ApplicationForm empty() {
        return new ApplicationForm("", "", "", "", "", "", "", "", "", "");
    }

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
        BankCards.creditCardProblem(creditCard).ifPresent(k -> p.put("creditCard", k));
        if (blank(mcc)) {
            p.put("mcc", "validation.required");
        } else if (!BusinessTypes.known(mcc)) {
            p.put("mcc", "validation.mcc.unknown");
        }
        address(businessAddress).ifPresent(k -> p.put("businessAddress", k));
        address(shippingAddress).ifPresent(k -> p.put("shippingAddress", k));
        if (blank(city)) {
            p.put("city", "validation.required");
        } else if (city.trim().length() > Application.CITY_MAX) {
            p.put("city", "validation.city.length");
        }
        if (!blank(preferredModel) && !MODELS.contains(preferredModel)) {
            p.put("preferredModel", "validation.model.unknown");
        }
        return p;
    }

    private static java.util.Optional<String> address(String a) {
        if (blank(a)) {
            return java.util.Optional.of("validation.required");
        }
        int n = a.trim().length();
        return n < ADDRESS_MIN || n > Application.ADDRESS_MAX
                ? java.util.Optional.of("validation.address.length")
                : java.util.Optional.empty();
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
