package com.shanfu.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jpos.iso.ISOUtil;
import org.junit.jupiter.api.Test;

class PinBlockTests {

    @Test
    void format_0_example_pin_1234() {
        // The format 0 example reproduced in PIN block references (e.g. EFTlab's BP-Tools PIN block calculator docs):
        // PIN 1234, PAN 4111111111111111 -> PIN field 041234FFFFFFFFFF, PAN field 0000111111111111,
        // PIN block 041225EEEEEEEEEE.
        assertThat(ISOUtil.hexString(PinBlock.format0("1234", "4111111111111111"))).isEqualTo("041225EEEEEEEEEE");
    }

    @Test
    void the_pin_comes_back_only_for_the_same_card() {
        byte[] block = PinBlock.format0("123456", "6228480402564890018");
        assertThat(PinBlock.pin(block, "6228480402564890018")).isEqualTo("123456");
        assertThatThrownBy(() -> PinBlock.pin(block, "6228480402564890026")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encrypted_under_the_pin_key_it_decrypts_to_the_same_block() {
        byte[] key = Tdes.generateKey();
        byte[] enc = PinBlock.encrypt(key, "8888", "6228480402564890018");
        assertThat(PinBlock.pin(Tdes.decrypt(key, enc), "6228480402564890018")).isEqualTo("8888");
    }

    @Test
    void malformed_pins_are_refused() {
        assertThatThrownBy(() -> PinBlock.format0("12", "4111111111111111")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PinBlock.format0("12ab", "4111111111111111")).isInstanceOf(IllegalArgumentException.class);
    }
}
