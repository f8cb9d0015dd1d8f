package com.shanfu.portal;

import java.nio.file.Path;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The real MariaDB and Keycloak that infra/shanfu test started; each test class gets a database of its own. */
public final class TestStack {

    private TestStack() {}

    public static void register(DynamicPropertyRegistry registry, String prefix) {
        String db = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        registry.add(
                "spring.datasource.url",
                () -> "jdbc:mysql://" + env("SHANFU_TEST_DB_HOST") + ":" + env("SHANFU_TEST_DB_PORT") + "/" + db
                        + "?createDatabaseIfNotExist=true&useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true");
        registry.add("shanfu.keycloak.url", () -> env("SHANFU_TEST_KEYCLOAK_URL"));
        registry.add(
                "spring.security.oauth2.client.provider.keycloak.issuer-uri",
                () -> env("SHANFU_TEST_KEYCLOAK_URL") + "/realms/shanfu");
        registry.add(
                "spring.security.oauth2.resourceserver.jwt.issuer-uri",
                () -> env("SHANFU_TEST_KEYCLOAK_URL") + "/realms/shanfu");
        registry.add(
                "shanfu.pii.key-file",
                () -> Path.of("target", "test-keys", db + "-pii.key")
                        .toAbsolutePath()
                        .toString());
    }

    /** A real access token of the realm (a client-credentials or password grant's form). */
    public static String token(String form) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(env("SHANFU_TEST_KEYCLOAK_URL")
                                        + "/realms/shanfu/protocol/openid-connect/token"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("Keycloak gave no token (" + r.statusCode() + "): " + r.body());
        }
        return m.group(1);
    }

    public static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " is not set: run the tests with infra/shanfu test");
        }
        return v;
    }
}
