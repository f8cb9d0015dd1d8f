package com.shanfu.tms.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.protocol.emv.Tlv;
import org.junit.jupiter.api.Test;

/** The issuer compares what the card put in its cryptogram (9F02, 5F2A) with what the message charges (4, 49). */
class SignedDataTests {

    private static Tlv icc(String amount, String currency) {
        Tlv t = new Tlv();
        if (amount != null) {
            t.put("9F02", amount);
        }
        if (currency != null) {
            t.put("5F2A", currency);
        }
        return t;
    }

    @Test
    void the_same_amount_and_currency_as_signed_pass() {
        assertThat(IssuerSimulator.signedMismatch(icc("000000001000", "0156"), 1000, "156"))
                .isNull();
    }

    @Test
    void an_amount_other_than_signed_is_refused_even_by_one_fen() {
        assertThat(IssuerSimulator.signedMismatch(icc("000000000100", "0156"), 100_000, "156"))
                .isEqualTo(IssuerSimulator.AMOUNT_NOT_SIGNED);
        assertThat(IssuerSimulator.signedMismatch(icc("000000001000", "0156"), 1001, "156"))
                .isEqualTo(IssuerSimulator.AMOUNT_NOT_SIGNED);
    }

    @Test
    void a_currency_other_than_signed_is_refused() {
        assertThat(IssuerSimulator.signedMismatch(icc("000000001000", "0840"), 1000, "156"))
                .isEqualTo(IssuerSimulator.CURRENCY_NOT_SIGNED);
    }

    @Test
    void missing_or_malformed_signed_data_is_refused() {
        assertThat(IssuerSimulator.signedMismatch(icc(null, "0156"), 1000, "156"))
                .isEqualTo(IssuerSimulator.AMOUNT_NOT_SIGNED);
        assertThat(IssuerSimulator.signedMismatch(icc("00000000100A", "0156"), 1000, "156"))
                .isEqualTo(IssuerSimulator.AMOUNT_NOT_SIGNED);
        assertThat(IssuerSimulator.signedMismatch(icc("000000001000", null), 1000, "156"))
                .isEqualTo(IssuerSimulator.CURRENCY_NOT_SIGNED);
        assertThat(IssuerSimulator.signedMismatch(icc("000000001000", "0156"), 1000, null))
                .isEqualTo(IssuerSimulator.CURRENCY_NOT_SIGNED);
    }
}
