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
    void money_is_cny_with_two_decimals_in_both_languages() {
        assertThat(Formats.money(1250, Locale.SIMPLIFIED_CHINESE)).isEqualTo("¥12.50");
        assertThat(Formats.money(100_000_00, Locale.ENGLISH)).isEqualTo("CN¥100,000.00");
    }
}
