package com.shanfu.portal.application;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Card number rules: Luhn, and the BIN table (bins.csv) that names the bank and says debit or credit. */
public final class BankCards {

    public record Bin(String prefix, String bankZh, String bankEn, boolean debit) {}

    private static final List<Bin> BINS = load();

    private BankCards() {}

    public static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    public static String normalise(String raw) {
        return raw == null ? "" : raw.replaceAll("[\\s-]", "");
    }

    /** The longest matching BIN entry. */
    public static Optional<Bin> bin(String pan) {
        return BINS.stream()
                .filter(b -> pan.startsWith(b.prefix()))
                .max(Comparator.comparingInt(b -> b.prefix().length()));
    }

    /** The problem with a settlement card number as a message key, or empty when it is a debit card we know. */
    public static Optional<String> settlementCardProblem(String raw) {
        String pan = normalise(raw);
        if (pan.isEmpty()) {
            return Optional.of("validation.required");
        }
        if (!pan.matches("\\d{16,19}")) {
            return Optional.of("validation.card.format");
        }
        if (!luhn(pan)) {
            return Optional.of("validation.card.luhn");
        }
        Optional<Bin> bin = bin(pan);
        if (bin.isEmpty()) {
            return Optional.of("validation.card.unknown-bank");
        }
        if (!bin.get().debit()) {
            return Optional.of("validation.card.not-debit");
        }
        return Optional.empty();
    }

    /**
     * The optional credit card, used only for the standing check: empty input is fine; otherwise it must be a card
     * number whose BIN is a credit card.
     */
    public static Optional<String> creditCardProblem(String raw) {
        String pan = normalise(raw);
        if (pan.isEmpty()) {
            return Optional.empty();
        }
        if (!pan.matches("\\d{16,19}")) {
            return Optional.of("validation.card.format");
        }
        if (!luhn(pan)) {
            return Optional.of("validation.card.luhn");
        }
        Optional<Bin> bin = bin(pan);
        if (bin.isEmpty()) {
            return Optional.of("validation.card.unknown-bank");
        }
        return bin.get().debit() ? Optional.of("validation.credit-card.not-credit") : Optional.empty();
    }

    /** First six and last four digits, as Chinese banks show card numbers: 622848******1234. */
    public static String mask(String pan) {
        return pan.substring(0, 6) + "*".repeat(pan.length() - 10) + pan.substring(pan.length() - 4);
    }

    private static List<Bin> load() {
        List<Bin> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                BankCards.class.getResourceAsStream("/com/shanfu/portal/bins.csv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("prefix")) {
                    continue;
                }
                String[] f = line.split(",");
                out.add(new Bin(f[0].trim(), f[1].trim(), f[2].trim(), "debit".equals(f[3].trim())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("bins.csv unreadable", e);
        }
        return List.copyOf(out);
    }
}
