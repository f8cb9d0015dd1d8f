package com.shanfu.tms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real servers the integration tests use, started by {@code infra/shanfu test}: a private MariaDB and Keycloak.
 * Each test class gets a database of its own.
 */
public final class TestStack {

    private TestStack() {
    }

    public static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " is not set: run the tests with infra/shanfu test, which starts "
                    + "MariaDB and Keycloak for them");
        }
        return v;
    }

    public static String keycloakUrl() {
        return env("SHANFU_TEST_KEYCLOAK_URL");
    }

    public static void register(DynamicPropertyRegistry registry, String databasePrefix) throws Exception {
        String db = databasePrefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        registry.add("spring.datasource.url", () -> "jdbc:mysql://" + env("SHANFU_TEST_DB_HOST") + ":"
                + env("SHANFU_TEST_DB_PORT") + "/" + db
                + "?createDatabaseIfNotExist=true&useSSL=false&allowPublicKeyRetrieval=true");
        registry.add("spring.datasource.username", () -> "shanfu");
        registry.add("spring.datasource.password", () -> "shanfu");
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> keycloakUrl() + "/realms/shanfu");
        Path lmk = Files.createDirectories(Path.of("target", "test-keys")).toAbsolutePath().resolve(db + "-lmk.key");
        registry.add("shanfu.keys.lmk-file", lmk::toString);
    }
}
