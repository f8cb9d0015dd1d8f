package com.shanfu.tms.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shanfu.tms.web.TmsException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a configuration template or override may hold: known keys, of their types, in their formats. */
class ConfigurationRulesTests {

    private static Map<String, Object> template() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("currency", "156");
        m.put("country", "156");
        m.put("contactlessTransactionLimitFen", 100_000L);
        m.put("cvmRequiredLimitFen", 100_000);
        m.put("aids", List.of("A000000333010101"));
        return m;
    }

    private static void refused(Map<String, Object> settings, boolean template, String code, String message) {
        assertThatThrownBy(() -> Configurations.validate(settings, template))
                .isInstanceOf(TmsException.class)
                .hasMessageContaining(message)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((TmsException) e).code())
                        .isEqualTo(code));
    }

    @Test
    void aCompleteTemplateAndAnyPartialOverridePass() {
        assertThatCode(() -> Configurations.validate(template(), true)).doesNotThrowAnyException();
        assertThatCode(() ->
                        Configurations.validate(Map.of("receiptFooter", "谢谢惠顾", "autoSettlementTime", "23:30"), false))
                .doesNotThrowAnyException();
        assertThatCode(() -> Configurations.validate(Map.of(), false))
                .as("an empty override removes it")
                .doesNotThrowAnyException();
    }

    @Test
    void unknownKeysWrongTypesAndBadFormatsAreRefusedWithTheirReason() {
        refused(null, false, "invalid-settings", "settings are required");
        refused(Map.of("contactlesLimit", 1), false, "unknown-setting", "unknown setting contactlesLimit");
        refused(
                Map.of("cvmRequiredLimitFen", "500"),
                false,
                "invalid-setting",
                "cvmRequiredLimitFen must be a non-negative number");
        refused(Map.of("cvmRequiredLimitFen", -1), false, "invalid-setting", "non-negative");
        refused(Map.of("aids", "A000000333010101"), false, "invalid-setting", "aids must be a list");
        refused(Map.of("currency", "CNY"), false, "invalid-setting", "ISO 4217 numeric");
        refused(Map.of("autoSettlementTime", "24:00"), false, "invalid-setting", "HH:MM");
        refused(Map.of("autoSettlementTime", "9:30"), false, "invalid-setting", "HH:MM");
    }

    @Test
    void aTemplateNeedsEveryRequiredSetting() {
        for (String required :
                List.of("currency", "country", "contactlessTransactionLimitFen", "cvmRequiredLimitFen", "aids")) {
            Map<String, Object> t = template();
            t.remove(required);
            refused(t, true, "missing-setting", "the template needs " + required);
            assertThatCode(() -> Configurations.validate(t, false))
                    .as("an override may leave " + required + " out")
                    .doesNotThrowAnyException();
        }
    }
}
