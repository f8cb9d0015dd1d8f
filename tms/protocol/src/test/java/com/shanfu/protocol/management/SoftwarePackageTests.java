package com.shanfu.protocol.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class SoftwarePackageTests {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void a_release_key_in_x509_form_verifies_the_ed25519_signature_of_rfc_8032_test_1() throws Exception {
        // RFC 8032, section 7.1, TEST 1: the public key, the empty message and its signature
        byte[] spki = HEX.parseHex(
                "302a300506032b6570032100" + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        var key = SoftwarePackage.releaseKey(Base64.getEncoder().encodeToString(spki));
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(key);
        v.update(new byte[0]);
        assertThat(v.verify(HEX.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065"
                        + "224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")))
                .isTrue();
    }

    @Test
    void a_package_signed_by_a_release_key_verifies_and_nothing_else_does() throws Exception {
        var release = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        var other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String sha = SoftwarePackage.sha256(zip(
                "{\"name\":\"shanfu-terminal\",\"version\":\"1.2.3\"," + "\"mainClass\":\"com.example.Main\"}",
                "lib/a.jar"));
        String sig = SoftwarePackage.sign(release.getPrivate(), sha);
        assertThat(SoftwarePackage.verify(List.of(other.getPublic(), release.getPublic()), sha, sig))
                .isTrue();
        assertThat(SoftwarePackage.verify(List.of(other.getPublic()), sha, sig))
                .as("another key")
                .isFalse();
        String otherSha = sha.substring(0, 63) + (sha.endsWith("0") ? "1" : "0");
        assertThat(SoftwarePackage.verify(List.of(release.getPublic()), otherSha, sig))
                .as("another package")
                .isFalse();
        assertThat(SoftwarePackage.verify(List.of(release.getPublic()), sha, "not base64!"))
                .isFalse();
        assertThat(SoftwarePackage.verify(List.of(), sha, sig))
                .as("no key pinned")
                .isFalse();
    }

    @Test
    void a_package_must_name_the_program_a_version_a_main_class_and_jars_and_stay_in_its_folder() throws Exception {
        String good = "{\"name\":\"shanfu-terminal\",\"version\":\"1.2.3\",\"mainClass\":\"com.example.Main\"}";
        var m = SoftwarePackage.manifest(zip(good, "lib/a.jar"));
        assertThat(m.version()).isEqualTo("1.2.3");
        assertThat(m.jars()).containsExactly("lib/a.jar");
        assertThatThrownBy(() -> SoftwarePackage.manifest(zip(good, "lib/../../etc/cron.d/x.jar")))
                .hasMessageContaining("outside its folder");
        assertThatThrownBy(() -> SoftwarePackage.manifest(zip(good.replace("shanfu-terminal", "other"), "lib/a.jar")))
                .hasMessageContaining("is not shanfu-terminal");
        assertThatThrownBy(() -> SoftwarePackage.manifest(zip(good.replace("1.2.3", "1 2"), "lib/a.jar")))
                .hasMessageContaining("not a software version");
        assertThatThrownBy(
                        () -> SoftwarePackage.manifest(zip(good.replace("com.example.Main", "Main;rm"), "lib/a.jar")))
                .hasMessageContaining("not a main class");
        assertThatThrownBy(() -> SoftwarePackage.manifest(zip(good, "readme.txt")))
                .hasMessageContaining("no jar under lib/");
        assertThatThrownBy(() -> SoftwarePackage.manifest("not a zip".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("no manifest.json");
    }

    private static byte[] zip(String manifest, String entry) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            z.putNextEntry(new ZipEntry(SoftwarePackage.MANIFEST));
            z.write(manifest.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
            z.putNextEntry(new ZipEntry(entry));
            z.write(new byte[] {1, 2, 3});
            z.closeEntry();
        }
        return b.toByteArray();
    }
}
