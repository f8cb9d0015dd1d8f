package com.shanfu.portal.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TranslationsTests {

    private static Properties load(String name) throws Exception {
        Properties p = new Properties();
        try (InputStream in = TranslationsTests.class.getResourceAsStream("/vaadin-i18n/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void chinese_and_english_bundles_have_the_same_keys() throws Exception {
        Properties zh = load("translations_zh_CN.properties");
        Properties en = load("translations_en.properties");
        Properties fallback = load("translations.properties");
        assertThat(en.keySet()).containsExactlyInAnyOrderElementsOf(zh.keySet());
        assertThat(fallback).isEqualTo(zh);
        assertThat(zh.getProperty("apply.submit")).isEqualTo("提交申请");
    }

    @Test
    void every_key_built_at_run_time_has_a_text() throws Exception {
        Properties zh = load("translations_zh_CN.properties");
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (var s : com.shanfu.portal.application.ApplicationStatus.values()) {
            keys.add(s.messageKey());
            keys.add("status.explain." + s.name().toLowerCase().replace('_', '-'));
        }
        com.shanfu.portal.application.BusinessTypes.CODES.forEach(c -> keys.add("mcc." + c));
        com.shanfu.portal.application.Couriers.TRACKING_FORMATS.keySet().forEach(c -> keys.add("courier." + c));
        com.shanfu.portal.application.ApplicationForm.MODELS.forEach(m -> keys.add("model." + m));
        for (String e : new String[] {"name", "idNumber", "mobile"}) {
            keys.add("element." + e);
        }
        assertThat(zh.stringPropertyNames()).containsAll(keys);
    }

    @Test
    void every_literal_key_in_the_code_has_a_text() throws Exception {
        Properties zh = load("translations_zh_CN.properties");
        java.util.regex.Pattern literal = java.util.regex.Pattern.compile(
                "(?:getTranslation|getMessage|ApplicationException|text)\\(\"([a-z][a-z0-9-]*(?:\\.[a-z0-9-]+)+)\"");
        java.util.Set<String> missing = new java.util.TreeSet<>();
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java"))) {
            for (var f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                var m = literal.matcher(java.nio.file.Files.readString(f));
                while (m.find()) {
                    if (!zh.containsKey(m.group(1))) {
                        missing.add(m.group(1) + " (" + f.getFileName() + ")");
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void money_is_cny_with_two_decimals_in_both_languages() {
        assertThat(Formats.money(1250, Locale.SIMPLIFIED_CHINESE)).isEqualTo("¥12.50");
        assertThat(Formats.money(100_000_00, Locale.ENGLISH)).isEqualTo("CN¥100,000.00");
    }
}
