package com.shanfu.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The portal's prod profile refuses the local run's settings, naming each, before the portal starts anything. */
class ProductionGuardTests {

    @Test
    void theLocalRunsSettingsAreRefused(@TempDir Path dir) {
        var app = new SpringApplicationBuilder(PortalApplication.class).profiles("prod");
        assertThatThrownBy(() -> app.run(
                        "--shanfu.demo=true",
                        "--shanfu.dev-pages=true",
                        "--shanfu.pii.key-file=" + dir.resolve("missing.key"),
                        "--spring.datasource.password=shanfu"))
                .hasMessageContaining("the prod profile refuses to start")
                .hasMessageContaining("shanfu.demo")
                .hasMessageContaining("dev outbox")
                .hasMessageContaining("client-secret is the demo secret")
                .hasMessageContaining("shanfu.identity.secret is the demo secret")
                .hasMessageContaining("default password")
                .hasMessageContaining("TLS to the database")
                .hasMessageContaining("would generate a key")
                .hasMessageContaining("shanfu.keycloak.url is not https")
                .hasMessageContaining("SHANFU_SMS_GATEWAY) is not smpp")
                .hasMessageContaining("SHANFU_EMAIL_GATEWAY) is not smtp");
    }

    @Test
    void anOperatorsOwnSettingsPass(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("pii.key"), "provisioned");
        var env = new StandardEnvironment();
        env.getPropertySources()
                .addFirst(new MapPropertySource(
                        "operator",
                        Map.of(
                                "spring.datasource.password",
                                "a-long-random-secret",
                                "spring.datasource.url",
                                "jdbc:mysql://db.internal:3306/shanfu_portal?sslMode=VERIFY_IDENTITY",
                                "shanfu.pii.key-file",
                                key.toString(),
                                "shanfu.keycloak.url",
                                "https://sso.acme.example",
                                "shanfu.tms.url",
                                "https://tms.acme.example",
                                "shanfu.identity.url",
                                "https://bank.acme.example/verify",
                                "spring.security.oauth2.client.registration.keycloak.client-secret",
                                "from-the-vault",
                                "spring.security.oauth2.client.registration.tms.client-secret",
                                "from-the-vault-too",
                                "shanfu.identity.secret",
                                "from-the-bank")));
        env.getPropertySources()
                .addFirst(new MapPropertySource(
                        "providers",
                        Map.of(
                                "shanfu.notifications.sms",
                                "smpp",
                                "shanfu.smpp.password",
                                "from-the-sms-provider",
                                "shanfu.notifications.email",
                                "smtp")));
        assertThat(ProductionGuard.problems(env)).isEmpty();
    }
}
