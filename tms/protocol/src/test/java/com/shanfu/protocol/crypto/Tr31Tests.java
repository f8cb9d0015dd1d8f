package com.shanfu.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * TR-31 version B against the published examples of ANSI X9 TR-31:2018 annex A (A.7.2.2, A.7.3.2) and a block
 * made by a Thales payShield 10k (as published with the openemv/tr31 tests). Expected values are theirs.
 */
class Tr31Tests {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    // TR-31:2018 A.7.2.2: a PIN encryption key under a double-length KBPK
    private static final byte[] KBPK_A722 = HEX.parseHex("DD7515F2BFC17F85CE48F3CA25CB21F6");
    private static final String BLOCK_A722 =
            "B0080P0TE00E000094B420079CC80BA3461F86FE26EFC4A3B8E4FA4C5F5341176EED7B727B8A248E";
    private static final String KEY_A722 = "3F419E1CB7079442AA37474C2EFBF8B8";

    @Test
    void opensTheTr31AnnexExampleA722() {
        Tr31.KeyBlock kb = Tr31.unwrap(KBPK_A722, BLOCK_A722);
        assertThat(HEX.formatHex(kb.key())).isEqualTo(KEY_A722);
        assertThat(kb.usage()).isEqualTo("P0");
        assertThat(kb.modeOfUse()).isEqualTo('E');
        assertThat(HEX.formatHex(Tdes.kcv(kb.key(), 3))).isEqualTo("57C409"); // the annex's KCV
    }

    @Test
    void opensTheAnnexExampleA732WithAnOptionalBlock() {
        // A.7.3.2: a BDK with a key set identifier (optional block KS)
        Tr31.KeyBlock kb = Tr31.unwrap(
                HEX.parseHex("1D22BF32387C600AD97F9B97A51311AC"),
                "B0104B0TX12S0100KS1800604B120F9292800000BB68BE8680A400D9191AD4ECE45B6E6C0D21C4738A52190E248719E24B433627");
        assertThat(HEX.formatHex(kb.key())).isEqualTo("E8BC63E5479455E26577F715D587FE68");
        assertThat(kb.header()).isEqualTo("B0104B0TX12S0100KS1800604B120F9292800000");
    }

    @Test
    void opensABlockMadeByAnHsm() {
        Tr31.KeyBlock kb = Tr31.unwrap(
                HEX.parseHex("EFE0853B256B583D868F251CE99EA1D9"),
                "B0080K0TN00N00001C414014375212C24995E405B5EE052CB92B67F455EA2680F6751088F9F1C228");
        assertThat(HEX.formatHex(kb.key())).isEqualTo("5DB50B454F8389ADCE573BE50861F2BF");
        assertThat(HEX.formatHex(Tdes.kcv(kb.key(), 3))).isEqualTo("5C9405");
    }

    @Test
    void wrappingRebuildsThePublishedBlockGivenItsPadding() {
        // the annex's padding is random; take it from the published payload and wrap again: the same 80 characters
        byte[] padding = paddingOf(KBPK_A722, BLOCK_A722);
        String again = Tr31.wrap(KBPK_A722, "B0080P0TE00E0000", HEX.parseHex(KEY_A722), padding);
        assertThat(again).isEqualTo(BLOCK_A722);
    }

    @Test
    void aBlockIsBoundToItsUse() {
        byte[] kbpk = Tdes.generateKey();
        byte[] key = Tdes.generateKey();
        String block = Tr31.wrap(kbpk, Tr31.Usage.MAC, key);
        assertThat(block).startsWith("B0080M3TC00N0000").hasSize(80);
        assertThat(Tr31.unwrap(kbpk, block, Tr31.Usage.MAC)).isEqualTo(key);
        assertThatThrownBy(() -> Tr31.unwrap(kbpk, block, Tr31.Usage.PIN)).hasMessageContaining("expected P0");
        // turning the header into a PIN key's header breaks the MAC
        String relabelled = "B0080P0TE00N0000" + block.substring(16);
        assertThatThrownBy(() -> Tr31.unwrap(kbpk, relabelled)).hasMessageContaining("fails its MAC");
        assertThatThrownBy(() -> Tr31.unwrap(Tdes.generateKey(), block)).hasMessageContaining("fails its MAC");
        assertThatThrownBy(() -> Tr31.unwrap(kbpk, block.substring(0, 79))).hasMessageContaining("block length");
    }

    private static byte[] paddingOf(byte[] kbpk, String block) {
        // decrypt the payload the way TR-31 5.3.2.3 describes (the MAC is the CBC IV) to read the annex's padding
        try {
            var derivation = Tr31.class.getDeclaredMethod("derive", byte[].class);
            derivation.setAccessible(true);
            byte[][] keys = (byte[][]) derivation.invoke(null, (Object) kbpk);
            javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("DESede/CBC/NoPadding");
            byte[] k = keys[0];
            byte[] k24 = java.util.Arrays.copyOf(k, 24);
            System.arraycopy(k, 0, k24, 16, 8);
            c.init(
                    javax.crypto.Cipher.DECRYPT_MODE,
                    new javax.crypto.spec.SecretKeySpec(k24, "DESede"),
                    new javax.crypto.spec.IvParameterSpec(HEX.parseHex(block.substring(64))));
            byte[] payload = c.doFinal(HEX.parseHex(block.substring(16, 64)));
            return java.util.Arrays.copyOfRange(payload, 18, 24);
        } catch (ReflectiveOperationException | java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
