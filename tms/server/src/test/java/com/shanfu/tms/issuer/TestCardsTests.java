package com.shanfu.tms.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The check digit of opened cards: ISO/IEC 7812 (Luhn), against numbers with published check digits. */
class TestCardsTests {

    @Test
    void theLuhnCheckDigitIsThatOfTheStandard() {
        assertThat(TestCards.luhn("79927398713")).isTrue(); // the worked example of ISO/IEC 7812-1 annex B
        assertThat(TestCards.luhn("79927398710")).isFalse();
        assertThat(TestCards.luhn("4111111111111111")).isTrue(); // the schemes' published test card numbers
        assertThat(TestCards.luhn("5555555555554444")).isTrue();
        assertThat(TestCards.luhn("6228480402564890018")).isTrue(); // the demo UnionPay debit card
        assertThat(TestCards.luhn("6228480402564890019")).isFalse();
    }
}
