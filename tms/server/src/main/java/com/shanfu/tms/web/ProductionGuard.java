package com.shanfu.tms.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * With the {@code prod} profile the TMS refuses to start, before anything else runs, on any demo secret, default
 * password, demo or generated key material, or plain channel, and says which (docs/security.md, "Production").
 * Registered in META-INF/spring.factories, so it runs before the first bean.
 */
public final class ProductionGuard implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    static final Set<String> DEFAULT_PASSWORDS = Set.of("", "shanfu", "password", "root", "admin", "changeit");

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
            p.add("shanfu.demo (SHANFU_DEMO) is on: demo stock, demo cards and the demo issuer keys");
        }
        if (env.getProperty("shanfu.simulators.identity.enabled", Boolean.class, false)) {
            p.add("the identity verification simulator is on (SHANFU_IDENTITY_SIMULATOR): a bank must answer");
        }
        if ("shanfu-identity-dev-secret".equals(env.getProperty("shanfu.simulators.identity.secret"))) {
            p.add("shanfu.simulators.identity.secret is the demo secret");
        }
        if (DEFAULT_PASSWORDS.contains(env.getProperty("spring.datasource.password", ""))) {
            p.add("spring.datasource.password (SHANFU_DB_PASSWORD) is a default password");
        }
        String url = env.getProperty("spring.datasource.url", "");
        if (!databaseTls(url)) {
            p.add("spring.datasource.url (SHANFU_DB_URL_TMS) does not require TLS to the database "
                    + "(sslMode=VERIFY_IDENTITY or VERIFY_CA, and no useSSL=false)");
        }
        if (env.getProperty("shanfu.keys.lmk-kcv", "").isBlank()) {
            p.add("shanfu.keys.lmk-kcv (SHANFU_LMK_KCV) is not set: the LMK would not be checked against its ceremony");
        }
        List<Path> components = Arrays.stream(
                        env.getProperty("shanfu.keys.lmk-components", "").split(","))
                .filter(s -> !s.isBlank())
                .map(s -> Path.of(s.trim()).toAbsolutePath().normalize())
                .toList();
        if (components.stream().map(Path::getParent).distinct().count() < Math.min(2, components.size())) {
            p.add(
                    "the LMK components (SHANFU_LMK_COMPONENTS) are all in one folder: no split knowledge (the demo ceremony)");
        }
        if (components.stream().anyMatch(c -> c.toString().contains("/.shanfu/run/"))) {
            p.add("an LMK component is from the local run's demo ceremony (.shanfu/run/keys)");
        }
        String ca = env.getProperty("shanfu.tls.ca", "");
        if (!ca.isBlank() && generatedLocalCa(Path.of(ca))) {
            p.add("shanfu.tls.ca (SHANFU_TLS_CA) is the local run's generated CA (infra/shanfu certs): bring your own");
        }
        String issuer = env.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", "");
        if (!issuer.startsWith("https://")) {
            p.add("the token issuer (SHANFU_KEYCLOAK_URL) is not https: " + issuer);
        }
        if (!"never".equals(env.getProperty("server.error.include-message"))) {
            p.add("server.error.include-message must be never (exception messages would reach callers)");
        }
        if (env.getProperty("springdoc.swagger-ui.enabled", Boolean.class, true)) {
            p.add("springdoc.swagger-ui.enabled must be false");
        }
        return p;
    }

    public static boolean databaseTls(String url) {
        String u = url.toLowerCase(java.util.Locale.ROOT);
        return !u.contains("usessl=false")
                && (u.contains("sslmode=verify_identity") || u.contains("sslmode=verify_ca"));
    }

    static boolean generatedLocalCa(Path caFile) {
        try {
            return Files.exists(caFile)
                    && com.shanfu.protocol.tls.Tls.certificate(Files.readString(caFile))
                            .getSubjectX500Principal()
                            .getName()
                            .contains("CN=Shanfu local CA");
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
