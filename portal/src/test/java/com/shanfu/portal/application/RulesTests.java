package com.shanfu.portal.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class RulesTests {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 29);

    /** A valid ID number (Shanghai Pudong) for the birth date. */
    static String id(LocalDate birth) {
        String first17 = "310115" + birth.toString().replace("-", "") + "123";
        return first17 + IdNumber.checkCharacter(first17);
    }

    @Test
    void id_number_check_digit_follows_gb_11643() {
        // GB 11643-1999 worked example: 11010519491231002X
        assertThat(IdNumber.checkCharacter("11010519491231002")).isEqualTo('X');
        assertThat(IdNumber.problem("11010519491231002X", LocalDate.of(2010, 1, 1)))
                .isEmpty();
        assertThat(IdNumber.problem("110105194912310021", LocalDate.of(2010, 1, 1)))
                .contains("validation.id.checksum");
    }

    @Test
    void applicant_must_be_between_18_and_65_on_the_day() {
        assertThat(IdNumber.problem(id(TODAY.minusYears(18)), TODAY)).isEmpty();
        assertThat(IdNumber.problem(id(TODAY.minusYears(18).plusDays(1)), TODAY))
                .contains("validation.id.underage");
        assertThat(IdNumber.problem(id(TODAY.minusYears(66).plusDays(1)), TODAY))
                .isEmpty();
        assertThat(IdNumber.problem(id(TODAY.minusYears(66)), TODAY)).contains("validation.id.overage");
    }

    @Test
    void id_number_with_impossible_date_region_or_format_is_refused() {
        String feb30 = "31011519900230123";
        assertThat(IdNumber.problem(feb30 + IdNumber.checkCharacter(feb30), TODAY))
                .contains("validation.id.birthdate");
        String region = "99011519900101123";
        assertThat(IdNumber.problem(region + IdNumber.checkCharacter(region), TODAY))
                .contains("validation.id.region");
        assertThat(IdNumber.problem("12345", TODAY)).contains("validation.id.format");
        assertThat(IdNumber.problem(" ", TODAY)).contains("validation.required");
        assertThat(IdNumber.mask("11010519491231002X")).isEqualTo("110***********002X");
    }

    @Test
    void settlement_card_must_pass_luhn_and_be_a_known_debit_card() {
        assertThat(BankCards.settlementCardProblem("6228 4804 0256 4890 018")).isEmpty();
        assertThat(BankCards.bin("6228480402564890018"))
                .get()
                .extracting(BankCards.Bin::bankZh)
                .isEqualTo("中国农业银行");
        assertThat(BankCards.settlementCardProblem("6228480402564890019")).contains("validation.card.luhn");
        assertThat(BankCards.settlementCardProblem("6258091234567894")).contains("validation.card.not-debit");
        assertThat(BankCards.settlementCardProblem("4761739001010010")).contains("validation.card.unknown-bank");
        assertThat(BankCards.settlementCardProblem("12ab")).contains("validation.card.format");
        assertThat(BankCards.mask("6228480402564890018")).isEqualTo("622848*********0018");
        assertThat(BankCards.mask("6258091234567894")).isEqualTo("625809******7894");
    }

    @Test
    void mobile_numbers_are_mainland_format_and_formatted_per_locale() {
        assertThat(MobilePhone.problem("138-0013-8000")).isEmpty();
        assertThat(MobilePhone.problem("+86 13800138000")).isEmpty();
        assertThat(MobilePhone.problem("12800138000")).contains("validation.phone.format");
        assertThat(MobilePhone.problem("1380013800")).contains("validation.phone.format");
        assertThat(MobilePhone.format("13800138000", Locale.SIMPLIFIED_CHINESE)).isEqualTo("138 0013 8000");
        assertThat(MobilePhone.format("13800138000", Locale.ENGLISH)).isEqualTo("+86 138 0013 8000");
    }

    @Test
    void a_complete_form_has_no_problems_and_each_bad_field_is_named() {
        ApplicationForm ok = new ApplicationForm(
                "张小明",
                id(TODAY.minusYears(30)),
                "13800138000",
                "6228480402564890018",
                "",
                "5411",
                "上海市浦东新区世纪大道100号1层",
                "上海市浦东新区世纪大道100号",
                "上海",
                "");
        assertThat(ok.problems(TODAY)).isEmpty();
        ApplicationForm bad = new ApplicationForm(
                "",
                id(TODAY.minusYears(17)),
                "123",
                "6258091234567894",
                "6228480402564890018",
                "1234",
                "",
                "short",
                "",
                "SF-X9");
        assertThat(bad.problems(TODAY))
                .containsEntry("legalName", "validation.required")
                .containsEntry("idNumber", "validation.id.underage")
                .containsEntry("phone", "validation.phone.format")
                .containsEntry("settlementCard", "validation.card.not-debit")
                .containsEntry("creditCard", "validation.credit-card.not-credit")
                .containsEntry("mcc", "validation.mcc.unknown")
                .containsEntry("businessAddress", "validation.required")
                .containsEntry("shippingAddress", "validation.address.length")
                .containsEntry("city", "validation.required")
                .containsEntry("preferredModel", "validation.model.unknown");
    }

    @Test
    void luhn_follows_the_published_examples() {
        // ISO/IEC 7812-1 Annex B example and the card networks' published test numbers
        assertThat(BankCards.luhn("79927398713")).isTrue();
        assertThat(BankCards.luhn("79927398710")).isFalse();
        assertThat(BankCards.luhn("4111111111111111")).isTrue();
        assertThat(BankCards.luhn("5555555555554444")).isTrue();
        assertThat(BankCards.luhn("6011111111111117")).isTrue();
        assertThat(BankCards.luhn("4111111111111112")).isFalse();
    }

    @Test
    void bin_ranges_name_the_bank_and_say_debit_or_credit() {
        assertThat(BankCards.bin("6222021234567890123")).get().satisfies(b -> {
            assertThat(b.bankZh()).isEqualTo("中国工商银行");
            assertThat(b.debit()).isTrue();
        });
        assertThat(BankCards.bin("6217001234567890123"))
                .get()
                .extracting(BankCards.Bin::bankEn)
                .isEqualTo("China Construction Bank");
        assertThat(BankCards.bin("6225751234567890")).get().satisfies(b -> {
            assertThat(b.bankZh()).isEqualTo("招商银行");
            assertThat(b.debit()).isFalse();
        });
        assertThat(BankCards.bin("4111111111111111")).isEmpty();
        assertThat(BankCards.creditCardProblem("")).isEmpty();
        assertThat(BankCards.creditCardProblem("6258091234567894")).isEmpty();
        assertThat(BankCards.creditCardProblem("6228480402564890018")).contains("validation.credit-card.not-credit");
        assertThat(BankCards.creditCardProblem("4111111111111111")).contains("validation.card.unknown-bank");
    }

    @Test
    void published_id_numbers_check_out_and_altered_ones_do_not() {
        // examples from GB 11643-1999 and the public-security ministry's documentation
        assertThat(IdNumber.checkCharacter("44052418800101001")).isEqualTo('4');
        assertThat(IdNumber.checkCharacter("11010519491231002")).isEqualTo('X');
        assertThat(IdNumber.problem("440524188001010014", TODAY)).contains("validation.id.birthdate");
        assertThat(IdNumber.problem("440524188001010015", TODAY)).contains("validation.id.checksum");
        assertThat(IdNumber.problem("11010519491231002x", LocalDate.of(2010, 1, 1)))
                .isEmpty();
    }

    @Test
    void tracking_numbers_match_their_courier_and_masks_hide_the_middle() {
        assertThat(Couriers.problem("SF", "SF1234567890123")).isEmpty();
        assertThat(Couriers.problem("SF", "SF12345")).contains("validation.tracking.format");
        assertThat(Couriers.problem("EMS", "EA123456789CN")).isEmpty();
        assertThat(Couriers.problem("DHL", "1234")).contains("validation.courier.unknown");
        assertThat(MobilePhone.mask("13800138000")).isEqualTo("138****8000");
        assertThat(IdNumber.mask("310115199001011234")).isEqualTo("310***********1234");
    }
}
