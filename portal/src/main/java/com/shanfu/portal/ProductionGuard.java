package com.shanfu.portal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * With the {@code prod} profile the portal refuses to start, before anything else runs, on any demo secret, default
 * password, key it would generate itself, dev page or plain channel, and says which (docs/security.md,
 * "Production"). Registered in META-INF/spring.factories.
 */
public final class ProductionGuard implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    static final Set<String> DEFAULT_PASSWORDS = Set.of("", "shanfu", "password", "root", "admin", "changeit");
    /** The realm-as-code's demo client secrets and the identity simulator's demo secret, by property. */
    static final Map<String, String> DEMO_SECRETS = Map.of(
            "spring.security.oauth2.client.registration.keycloak.client-secret", "shanfu-portal-secret",
            "spring.security.oauth2.client.registration.tms.client-secret", "shanfu-portal-tms-secret",
            "spring.security.oauth2.client.registration.keycloak-admin.client-secret", "shanfu-portal-secret",
            "shanfu.identity.secret", "shanfu-identity-dev-secret");

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment env = event.getEnvironment();
        if (!Arrays.asList(env.getActiveProfiles()).contains("prod")) {
            return;
        }
        List<String> problems = problems(env);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "the prod profile refuses to start:\n  - " + String.join("\n  - ", problems));
        }
    }

    public static List<String> problems(ConfigurableEnvironment env) {
        List<String> p = new ArrayList<>();
        if (env.getProperty("shanfu.demo", Boolean.class, false)) {
            p.add("shanfu.demo (SHANFU_DEMO) is on: demo accounts and applications");
        }
        if (env.getProperty("shanfu.dev-pages", Boolean.class, false)) {
            p.add("shanfu.dev-pages is on (the local profile): the dev outbox page shows every message and code");
        }
        DEMO_SECRETS.forEach((property, demo) -> {
            if (demo.equals(env.getProperty(property))) {
                p.add(property + " is the demo secret");
            }
        });
        if (DEFAULT_PASSWORDS.contains(env.getProperty("spring.datasource.password", ""))) {
            p.add("spring.datasource.password (SHANFU_DB_PASSWORD) is a default password");
        }
        String url = env.getProperty("spring.datasource.url", "").toLowerCase(java.util.Locale.ROOT);
        if (url.contains("usessl=false")
                || !(url.contains("sslmode=verify_identity") || url.contains("sslmode=verify_ca"))) {
            p.add("spring.datasource.url (SHANFU_DB_URL_PORTAL) does not require TLS to the database "
                    + "(sslMode=VERIFY_IDENTITY or VERIFY_CA, and no useSSL=false)");
        }
        String keyFile = env.getProperty("shanfu.pii.key-file", "");
        if (keyFile.isBlank() || !Files.isRegularFile(Path.of(keyFile))) {
            p.add(
                    "shanfu.pii.key-file (SHANFU_PII_KEY_FILE) does not exist: the portal would generate a key of its own; "
                            + "provision it from your key management");
        }
        for (String property : List.of("shanfu.keycloak.url", "shanfu.tms.url", "shanfu.identity.url")) {
            String v = env.getProperty(property, "");
            if (!v.startsWith("https://")) {
                p.add(property + " is not https: " + v);
            }
        }
        if (!"smpp".equals(env.getProperty("shanfu.notifications.sms"))) {
            p.add(
                    "shanfu.notifications.sms (SHANFU_SMS_GATEWAY) is not smpp: codes would reach the dev phone, not people");
        } else if (DEFAULT_PASSWORDS.contains(env.getProperty("shanfu.smpp.password", ""))) {
            p.add("shanfu.smpp.password (SHANFU_SMPP_PASSWORD) is empty or a default password");
        }
        if (!"smtp".equals(env.getProperty("shanfu.notifications.email"))) {
            p.add("shanfu.notifications.email (SHANFU_EMAIL_GATEWAY) is not smtp: emails would stay in the dev outbox");
        }
        if (!"never".equals(env.getProperty("server.error.include-message", "never"))) {
            p.add("server.error.include-message must be never (exception messages would reach callers)");
        }
        return p;
    }
}
