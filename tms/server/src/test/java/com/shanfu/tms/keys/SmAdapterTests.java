package com.shanfu.tms.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jpos.security.CipherMode;
import org.jpos.security.EncryptedPIN;
import org.jpos.security.SMAdapter;
import org.jpos.security.SMException;
import org.jpos.security.SecureDESKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The software security module through jPOS's SMAdapter interface, as a hardware module's adapter would be used.
 * Expected values: the key check value of 0123456789ABCDEF FEDCBA9876543210 is 08D7B4 (TDES of zeros, as HSM
 * manuals publish it); the ISO 9564-1 format 0 block of PIN 1234 for PAN 43219876543210987 is 0412AC89ABCDEF67 (the
 * standard's construction, the example EFTlab and Wikipedia give); cryptograms are made with the JDK's own DESede.
 */
class SmAdapterTests {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final byte[] KNOWN_KEY = HEX.parseHex("0123456789ABCDEFFEDCBA9876543210");
    private static final byte[] KEK = HEX.parseHex("89ABCDEF01234567FEDCBA9876543210");
    private static final byte[] OTHER_KEY = HEX.parseHex("FEDCBA98765432100123456789ABCDEF");

    @TempDir
    Path dir;

    private SoftwareSecurityModule module;
    private SMAdapter<SecureDESKey> sm;

    @BeforeEach
    void lmk() throws Exception {
        Lmk.writeComponent(dir.resolve("a"), Lmk.randomComponent(), 1, 2);
        Lmk.writeComponent(dir.resolve("b"), Lmk.randomComponent(), 2, 2);
        module = new SoftwareSecurityModule(dir.resolve("a") + "," + dir.resolve("b"), "", null, null);
        sm = module;
    }

    private static byte[] jce(int mode, String transformation, byte[] key, byte[] data, byte[] iv) throws Exception {
        Cipher c = Cipher.getInstance(transformation);
        SecretKeySpec k = new SecretKeySpec(
                java.util.Arrays.copyOf(
                        java.nio.ByteBuffer.allocate(24).put(key).put(key, 0, 8).array(), 24),
                "DESede");
        if (iv == null) {
            c.init(mode, k);
        } else {
            c.init(mode, k, new IvParameterSpec(iv));
        }
        return c.doFinal(data);
    }

    private SecureDESKey kek() {
        return SoftwareSecurityModule.secure(module.importKey(KEK), SMAdapter.TYPE_ZMK);
    }

    @Test
    void importsUnderAKekChecksParityAndGivesThePublishedCheckValue() throws Exception {
        byte[] underKek = jce(Cipher.ENCRYPT_MODE, "DESede/ECB/NoPadding", KEK, KNOWN_KEY, null);
        SecureDESKey key = sm.importKey(SMAdapter.LENGTH_DES3_2KEY, SMAdapter.TYPE_TPK, underKek, kek(), true);
        assertThat(HEX.formatHex(sm.generateKeyCheckValue(key))).isEqualTo("08D7B4");
        assertThat(HEX.formatHex(key.getKeyCheckValue())).isEqualTo("08D7B4");
        assertThat(HEX.formatHex(key.getKeyBytes()))
                .as("kept under the LMK, not in clear")
                .doesNotContain(HEX.formatHex(KNOWN_KEY));
        assertThat(sm.exportKey(key, kek())).as("exported again under the KEK").isEqualTo(underKek);

        SecureDESKey wrongKek = SoftwareSecurityModule.secure(module.importKey(OTHER_KEY), SMAdapter.TYPE_ZMK);
        assertThatThrownBy(() -> sm.importKey(SMAdapter.LENGTH_DES3_2KEY, SMAdapter.TYPE_TPK, underKek, wrongKek, true))
                .isInstanceOf(SMException.class)
                .hasMessageContaining("parity");
        assertThatThrownBy(() -> sm.importKey(SMAdapter.LENGTH_DES3_3KEY, SMAdapter.TYPE_TPK, underKek, kek(), true))
                .isInstanceOf(SMException.class);
    }

    @Test
    void generatedKeysAreUnderTheLmkWithTheirCheckValue() throws Exception {
        SecureDESKey key = sm.generateKey(SMAdapter.LENGTH_DES3_2KEY, SMAdapter.TYPE_TAK);
        byte[] underKek = sm.exportKey(key, kek());
        byte[] clear = jce(Cipher.DECRYPT_MODE, "DESede/ECB/NoPadding", KEK, underKek, null);
        byte[] kcv =
                java.util.Arrays.copyOf(jce(Cipher.ENCRYPT_MODE, "DESede/ECB/NoPadding", clear, new byte[8], null), 3);
        assertThat(sm.generateKeyCheckValue(key)).isEqualTo(kcv).isEqualTo(key.getKeyCheckValue());
    }

    @Test
    void translatesAFormat0PinBlockFromOneKeyToAnotherWithoutShowingIt() throws Exception {
        SecureDESKey tpk = SoftwareSecurityModule.secure(module.importKey(KNOWN_KEY), SMAdapter.TYPE_TPK);
        SecureDESKey zpk = SoftwareSecurityModule.secure(module.importKey(OTHER_KEY), SMAdapter.TYPE_ZPK);
        byte[] clearBlock = HEX.parseHex("0412AC89ABCDEF67"); // PIN 1234, PAN 43219876543210987
        byte[] underTpk = jce(Cipher.ENCRYPT_MODE, "DESede/ECB/NoPadding", KNOWN_KEY, clearBlock, null);
        EncryptedPIN translated = sm.translatePIN(
                new EncryptedPIN(underTpk, SMAdapter.FORMAT01, "43219876543210987"), tpk, zpk, SMAdapter.FORMAT01);
        assertThat(HEX.formatHex(
                        jce(Cipher.DECRYPT_MODE, "DESede/ECB/NoPadding", OTHER_KEY, translated.getPINBlock(), null)))
                .isEqualTo("0412AC89ABCDEF67");
        assertThatThrownBy(() -> sm.translatePIN(
                        new EncryptedPIN(underTpk, SMAdapter.FORMAT01, "4111111111111111"),
                        tpk,
                        zpk,
                        SMAdapter.FORMAT01))
                .as("another card's account number")
                .isInstanceOf(SMException.class);
        assertThat(module.translatePin(
                        underTpk, module.importKey(KNOWN_KEY), module.importKey(OTHER_KEY), "43219876543210987"))
                .get()
                .isEqualTo(translated.getPINBlock());
    }

    @Test
    void encryptsAndDecryptsDataUnderADataKeyAsTheJdkDoes() throws Exception {
        SecureDESKey dek = SoftwareSecurityModule.secure(module.importKey(KNOWN_KEY), SMAdapter.TYPE_DEK);
        byte[] iv = HEX.parseHex("1234567890ABCDEF");
        byte[] data = "Shanfu card data16".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] padded = java.util.Arrays.copyOf(data, 24);
        byte[] cbc = sm.encryptData(CipherMode.CBC, dek, padded, iv);
        assertThat(cbc).isEqualTo(jce(Cipher.ENCRYPT_MODE, "DESede/CBC/NoPadding", KNOWN_KEY, padded, iv));
        assertThat(sm.decryptData(CipherMode.CBC, dek, cbc, iv)).isEqualTo(padded);
        assertThat(sm.encryptData(CipherMode.ECB, dek, padded, null))
                .isEqualTo(jce(Cipher.ENCRYPT_MODE, "DESede/ECB/NoPadding", KNOWN_KEY, padded, null));
        assertThatThrownBy(() -> sm.encryptData(CipherMode.CBC, dek, data, iv)).isInstanceOf(SMException.class);
    }

    @Test
    void aHardwareModuleIsChosenByConfigurationAndMustBeAnSmAdapterAndTheTmsPort() throws Exception {
        assertThatThrownBy(() -> SecurityModules.hardware("com.example.NoSuchHsm", Map.of()))
                .hasMessageContaining("no class com.example.NoSuchHsm");
        assertThatThrownBy(() -> SecurityModules.hardware(
                        org.jpos.security.jceadapter.JCESecurityModule.class.getName(), Map.of()))
                .hasMessageContaining("must be a jPOS SMAdapter that also implements");
        SecurityModule hsm = SecurityModules.hardware(
                ConfiguredModule.class.getName(), Map.of("host", "hsm.example", "port", "1500"));
        assertThat(hsm).isInstanceOf(SMAdapter.class);
        assertThat(((ConfiguredModule) hsm).host).isEqualTo("hsm.example:1500");
    }

    /** Stands in for a hardware module's adapter: a jPOS SMAdapter, Configurable, that also answers the TMS port. */
    public static class ConfiguredModule extends SoftwareSecurityModule implements org.jpos.core.Configurable {
        String host;

        public ConfiguredModule() throws Exception {
            super(components(), "", null, null);
        }

        private static String components() throws Exception {
            Path d = java.nio.file.Files.createTempDirectory("hsm-");
            Lmk.writeComponent(d.resolve("a"), Lmk.randomComponent(), 1, 2);
            Lmk.writeComponent(d.resolve("b"), Lmk.randomComponent(), 2, 2);
            return d.resolve("a") + "," + d.resolve("b");
        }

        @Override
        public void setConfiguration(org.jpos.core.Configuration cfg) {
            host = cfg.get("host") + ":" + cfg.getInt("port");
        }
    }
}
