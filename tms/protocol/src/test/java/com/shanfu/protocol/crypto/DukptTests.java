package com.shanfu.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * DUKPT against the test data of ANSI X9.24-1:2009 Annex A (BDK 0123456789ABCDEFFEDCBA9876543210, initial KSN
 * FFFF9876543210E00000, PIN 1234, PAN 4012345678909), as also published in the DUKPT examples of jPOS and
 * pyDUKPT.
 */
class DukptTests {

    static final HexFormat HEX = HexFormat.of().withUpperCase();
    static final byte[] BDK = HEX.parseHex("0123456789ABCDEFFEDCBA9876543210");

    @Test
    void the_initial_key_of_the_annex_a_device() {
        assertThat(HEX.formatHex(Dukpt.initialKey(BDK, HEX.parseHex("FFFF9876543210E00000"))))
                .isEqualTo("6AC292FAA1315B4D858AB3A3D7D5933A");
    }

    @Test
    void pin_keys_and_pin_blocks_of_the_first_transactions() {
        byte[] ksn1 = HEX.parseHex("FFFF9876543210E00001");
        assertThat(HEX.formatHex(Dukpt.transactionKey(Dukpt.initialKey(BDK, ksn1), ksn1)))
                .isEqualTo("042666B49184CFA368DE9628D0397BC9");
        assertThat(HEX.formatHex(Dukpt.pinKey(BDK, ksn1)))
                .as("the PIN variant of it")
                .isEqualTo("042666B49184CF5C68DE9628D0397B36");
        assertThat(HEX.formatHex(
                        Dukpt.encryptPinBlock(BDK, HEX.parseHex("FFFF9876543210E00001"), "1234", "4012345678909")))
                .isEqualTo("1B9C1845EB993A7A");
        assertThat(HEX.formatHex(
                        Dukpt.encryptPinBlock(BDK, HEX.parseHex("FFFF9876543210E00002"), "1234", "4012345678909")))
                .isEqualTo("10A01C8D02C69107");
    }

    @Test
    void a_bdk_or_ksn_of_the_wrong_length_is_refused() {
        assertThatThrownBy(() -> Dukpt.initialKey(new byte[8], new byte[10]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dukpt.initialKey(BDK, new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }
}
