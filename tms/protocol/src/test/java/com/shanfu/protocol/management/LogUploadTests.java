package com.shanfu.protocol.management;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a terminal's log may never carry, with the schemes' published test card numbers and textbook key values. */
class LogUploadTests {

    @Test
    void card_numbers_are_masked_as_on_a_receipt_wherever_they_stand() {
        var r = LogUpload.redact(
                "pan=4111111111111111 and (5555555555554444), demo 6228480402564890018, amex 378282246310005;");
        assertThat(r.text())
                .isEqualTo(
                        "pan=411111******1111 and (555555******4444), demo 622848*********0018, amex 378282*****0005;");
        assertThat(r.replaced()).isEqualTo(4);
    }

    @Test
    void track_2_in_either_form_keys_pin_blocks_and_cryptograms_are_replaced() {
        String line = "t2 4111111111111111D25121010000000000 t2b 4111111111111111=25121010000 "
                + "tmk 0123456789ABCDEFFEDCBA9876543210 pinblock 041234FFFFFFFFFF arqc 9f26 "
                + "8A1B2C3D4E5F6071 lower 0123456789abcdef0123456789abcdef";
        var r = LogUpload.redact(line);
        assertThat(r.text())
                .isEqualTo("t2 [hex:34] t2b [track2] tmk [hex:32] pinblock [hex:16] arqc 9f26 [hex:16] lower [hex:32]");
        assertThat(r.replaced()).isEqualTo(6);
        assertThat(r.text()).doesNotContain("4111111111111111").doesNotContain("0123456789ABCDEF");
    }

    @Test
    void what_a_cashier_or_operator_needs_stays() {
        String line = "2026-12-02T16:00:00Z INFO sale approved rc=00 amount=1250 trace=000123 rrn=000000000062 "
                + "tid=10000010 batch=000001 serial=SFQ1-000001 kcv=8CA64DE9C1 card=622848*********0018 "
                + "id=3f2a9c1e-77b0-4c2e-9a51-0c3d2b1a0f9e not-a-card 4111111111111112";
        var r = LogUpload.redact(line);
        assertThat(r.text()).isEqualTo(line.replace("4111111111111112", "[hex:16]"));
        assertThat(r.replaced())
                .as("a 16-digit number that is no card number is still hidden: it could be a key")
                .isEqualTo(1);
    }

    @Test
    void redacting_twice_changes_nothing_more() {
        var once = LogUpload.redact("6228480402564890018 0123456789ABCDEFFEDCBA9876543210 4111111111111111=2512");
        var twice = LogUpload.redact(once.text());
        assertThat(twice.text()).isEqualTo(once.text());
        assertThat(twice.replaced()).isZero();
    }
}
