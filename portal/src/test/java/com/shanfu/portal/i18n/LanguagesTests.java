package com.shanfu.portal.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The portal language an Accept-Language header asks for (RFC 9110 §12.5.4: ranges with weights). */
class LanguagesTests {

    @Test
    void a_first_preference_of_any_chinese_is_chinese() {
        assertThat(Languages.fromAcceptLanguage("zh-CN,zh;q=0.9,en;q=0.8")).isEqualTo(Languages.CHINESE);
        assertThat(Languages.fromAcceptLanguage("zh-TW")).isEqualTo(Languages.CHINESE);
        assertThat(Languages.fromAcceptLanguage("zh")).isEqualTo(Languages.CHINESE);
        assertThat(Languages.fromAcceptLanguage("en;q=0.5, zh-HK;q=0.9")).isEqualTo(Languages.CHINESE);
    }

    @Test
    void any_other_first_preference_is_english() {
        assertThat(Languages.fromAcceptLanguage("en-US,en;q=0.9")).isEqualTo(Languages.ENGLISH);
        assertThat(Languages.fromAcceptLanguage("fr-FR, zh;q=0.3")).isEqualTo(Languages.ENGLISH);
        assertThat(Languages.fromAcceptLanguage("*, zh;q=0.1")).isEqualTo(Languages.CHINESE);
        assertThat(Languages.fromAcceptLanguage("zh;q=0, de")).isEqualTo(Languages.ENGLISH);
    }

    @Test
    void no_header_or_a_broken_one_is_the_platforms_first_language() {
        assertThat(Languages.fromAcceptLanguage(null)).isEqualTo(Languages.CHINESE);
        assertThat(Languages.fromAcceptLanguage("")).isEqualTo(Languages.CHINESE);
        assertThat(Languages.fromAcceptLanguage("en;q=2;;;")).isEqualTo(Languages.CHINESE);
    }
}
