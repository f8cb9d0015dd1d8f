package com.shanfu.protocol.iso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParametersTests {

    private static final String MODULUS = "C0".repeat(176);

    @Test
    void ca_key_lists_keys_and_aids_survive_the_wire() {
        Parameters.CaKeyRef ref = new Parameters.CaKeyRef("A000000333", 0x0B, "20311231");
        Parameters.CaKey key = new Parameters.CaKey(ref, MODULUS, "03");
        assertThat(Parameters.parseCaKeyList(
                        Parameters.caKeyList(List.of(ref, new Parameters.CaKeyRef("A000000003", 0x92, "20301231")))))
                .containsExactly(ref, new Parameters.CaKeyRef("A000000003", 0x92, "20301231"));
        assertThat(Parameters.parseCaKey(Parameters.caKey(key))).isEqualTo(key);
        assertThat(Parameters.parseCaKeyRequest(Parameters.caKeyRequest("A000000333", 0x0B))
                        .index())
                .isEqualTo(0x0B);

        Parameters.Aid aid = new Parameters.Aid(
                "A000000333010101", "0030", 0, 500_000, 100_000, "0000000000", "0000000000", "0000000000");
        assertThat(Parameters.parseAid(Parameters.aid(aid))).isEqualTo(aid);
        assertThat(Parameters.parseAidList(Parameters.aidList(List.of("A000000333010101", "A0000000031010"))))
                .containsExactly("A000000333010101", "A0000000031010");
        assertThat(Parameters.parseCaKeyList(new byte[0])).isEmpty();
    }

    @Test
    void a_key_whose_checksum_does_not_match_is_refused() {
        Parameters.CaKey key =
                new Parameters.CaKey(new Parameters.CaKeyRef("A000000333", 0x0B, "20311231"), MODULUS, "03");
        byte[] wire = Parameters.caKey(key);
        wire[40] ^= 0x01; // a bit of the modulus flipped in transit
        assertThatThrownBy(() -> Parameters.parseCaKey(wire))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void malformed_parameters_are_refused() {
        assertThatThrownBy(() -> new Parameters.CaKeyRef("A0000003", 1, "20311231"))
                .hasMessageContaining("RID");
        assertThatThrownBy(
                        () -> new Parameters.CaKey(new Parameters.CaKeyRef("A000000333", 1, "20311231"), MODULUS, "05"))
                .hasMessageContaining("exponent");
        assertThatThrownBy(() -> new Parameters.Aid(
                        "A000000333010101", "0030", -1, 0, 0, "0000000000", "0000000000", "0000000000"))
                .hasMessageContaining("limits");
    }
}
