package com.shanfu.tms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The prod profile refuses demo secrets, default passwords, demo key material and plain channels, naming each,
 * before the TMS starts anything (the real application, started with the local run's settings).
 */
class ProductionGuardTests {

    @Test
    void theLocalRunsSettingsAreRefusedOneByOne(@TempDir Path dir) throws Exception {
        Path keys = Files.createDirectories(dir.resolve(".shanfu/run/keys"));
        String local = "-----BEGIN CERTIFICATE-----\n" + caOf("CN=Shanfu local CA, O=Shanfu")
                + "\n-----END CERTIFICATE-----\n";
        Files.writeString(dir.resolve("ca.pem"), local);
        var app = new SpringApplicationBuilder(TmsApplication.class).profiles("prod");
        String[] localRun = {
            "--shanfu.demo=true",
            "--shanfu.simulators.identity.enabled=true",
            "--spring.datasource.password=shanfu",
            "--spring.datasource.url=jdbc:mysql://127.0.0.1:3307/shanfu_tms?useSSL=false",
            "--shanfu.keys.lmk-components=" + keys.resolve("component-1.txt") + "," + keys.resolve("component-2.txt"),
            "--shanfu.tls.ca=" + dir.resolve("ca.pem"),
            "--spring.security.oauth2.resourceserver.jwt.issuer-uri=http://localhost:8180/realms/shanfu"
        };
        assertThatThrownBy(() -> app.run(localRun))
                .hasMessageContaining("the prod profile refuses to start")
                .hasMessageContaining("shanfu.demo")
                .hasMessageContaining("identity verification simulator")
                .hasMessageContaining("default password")
                .hasMessageContaining("TLS to the database")
                .hasMessageContaining("lmk-kcv")
                .hasMessageContaining("all in one folder")
                .hasMessageContaining("demo ceremony")
                .hasMessageContaining("generated CA")
                .hasMessageContaining("not https");
    }

    @Test
    void anOperatorsOwnSettingsPass(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("ca.pem"),
                "-----BEGIN CERTIFICATE-----\n" + caOf("CN=Acme Payments Root, O=Acme")
                        + "\n-----END CERTIFICATE-----\n");
        var env = new org.springframework.core.env.StandardEnvironment();
        env.getPropertySources()
                .addFirst(new org.springframework.core.env.MapPropertySource(
                        "operator",
                        java.util.Map.of(
                                "spring.datasource.password",
                                "a-long-random-secret",
                                "spring.datasource.url",
                                "jdbc:mysql://db.internal:3306/shanfu_tms?sslMode=VERIFY_IDENTITY",
                                "shanfu.keys.lmk-kcv",
                                "7C1E09",
                                "shanfu.keys.lmk-components",
                                "/mnt/custodian-a/c1.txt,/mnt/custodian-b/c2.txt",
                                "shanfu.tls.ca",
                                dir.resolve("ca.pem").toString(),
                                "spring.security.oauth2.resourceserver.jwt.issuer-uri",
                                "https://sso.acme.example/realms/shanfu",
                                "server.error.include-message",
                                "never",
                                "springdoc.swagger-ui.enabled",
                                "false")));
        assertThat(com.shanfu.tms.web.ProductionGuard.problems(env)).isEmpty();
    }

    @Test
    void databaseTlsMeansVerifiedTls() {
        assertThat(com.shanfu.tms.web.ProductionGuard.databaseTls("jdbc:mysql://db/x?sslMode=VERIFY_IDENTITY"))
                .isTrue();
        assertThat(com.shanfu.tms.web.ProductionGuard.databaseTls("jdbc:mysql://db/x?sslMode=REQUIRED"))
                .isFalse();
        assertThat(com.shanfu.tms.web.ProductionGuard.databaseTls("jdbc:mysql://db/x?useSSL=false&sslMode=VERIFY_CA"))
                .isFalse();
    }

    /** A self-signed certificate with this subject, base64 (made with the JDK's keytool). */
    private static String caOf(String dname) throws Exception {
        Path ks = Files.createTempFile("ca", ".p12");
        Files.delete(ks);
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process gen = new ProcessBuilder(
                        keytool,
                        "-genkeypair",
                        "-alias",
                        "ca",
                        "-keyalg",
                        "EC",
                        "-dname",
                        dname,
                        "-keystore",
                        ks.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        "changeit1")
                .redirectErrorStream(true)
                .start();
        gen.getInputStream().readAllBytes();
        assertThat(gen.waitFor()).isZero();
        java.security.KeyStore store = java.security.KeyStore.getInstance(ks.toFile(), "changeit1".toCharArray());
        return java.util.Base64.getMimeEncoder()
                .encodeToString(store.getCertificate("ca").getEncoded());
    }
}
