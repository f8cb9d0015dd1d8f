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

    private TestStack() {}

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

    /**
     * A real access token of a demo user (password grant of the realm's CLI client, which the test stack's realm
     * allows). Staff and admins add the code of their demo authenticator, as the realm requires of them.
     */
    public static String userToken(String user) throws Exception {
        String form = "grant_type=password&client_id=shanfu-cli&username=" + user + "&password=shanfu-demo";
        boolean staff = java.util.Set.of("admin", "staff1", "staff2").contains(user);
        return token(staff ? form + "&totp=" + com.shanfu.protocol.crypto.Totp.now("shanfu-demo-totp-" + user) : form);
    }

    public static String token(String form) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                        keycloakUrl() + "/realms/shanfu/protocol/openid-connect/token"))
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

    public static void register(DynamicPropertyRegistry registry, String databasePrefix) throws Exception {
        String db = databasePrefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        registry.add(
                "spring.datasource.url",
                () -> "jdbc:mysql://" + env("SHANFU_TEST_DB_HOST") + ":"
                        + env("SHANFU_TEST_DB_PORT") + "/" + db
                        + "?createDatabaseIfNotExist=true&useSSL=false&allowPublicKeyRetrieval=true");
        registry.add("spring.datasource.username", () -> "shanfu");
        registry.add("spring.datasource.password", () -> "shanfu");
        // the test contexts Spring keeps cached hold few idle connections: a suite of them stays under the server's
        // limit
        registry.add("spring.datasource.hikari.minimum-idle", () -> "2");
        registry.add("spring.datasource.hikari.idle-timeout", () -> "30000");
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> keycloakUrl() + "/realms/shanfu");
        registry.add("shanfu.keys.lmk-components", () -> lmkComponents(db));
        registry.add("shanfu.demo-factory-dir", () -> factoryDir().toString());
    }

    /** The CA certificate (PEM) the ISO port's TLS certificate chains to, as a terminal pins it. */
    public static String caPem() {
        try {
            return Files.readString(Path.of(env("SHANFU_TLS_CA")));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read SHANFU_TLS_CA", e);
        }
    }

    /** The demo factory of the tests: a shipped demo device's private key, {@code <serial>.key}. */
    public static Path factoryDir() {
        return Path.of("target", "test-factory").toAbsolutePath();
    }

    /** The key pair the demo factory made for a device when it was shipped (its secure element, in a real one). */
    public static java.security.KeyPair deviceKey(String serial) {
        try {
            return com.shanfu.protocol.crypto.RsaOaep.keyPair(java.util.Base64.getDecoder()
                    .decode(Files.readString(factoryDir().resolve(serial + ".key"))
                            .strip()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no demo factory key for " + serial, e);
        }
    }

    /** Two fresh LMK components for a test database (as a key ceremony makes them), comma-separated. */
    public static String lmkComponents(String db) {
        Path dir = Path.of("target", "test-keys").toAbsolutePath();
        StringBuilder files = new StringBuilder();
        for (int i = 1; i <= 2; i++) {
            Path f = dir.resolve(db + "-component-" + i + ".txt");
            if (!Files.exists(f)) {
                byte[] part = com.shanfu.tms.keys.Lmk.randomComponent();
                com.shanfu.tms.keys.Lmk.writeComponent(f, part, i, 2);
            }
            files.append(i > 1 ? "," : "").append(f);
        }
        return files.toString();
    }

    /** A port nobody listens on now (for the host's ISO port in a test). */
    public static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A database of the test class's own and the ISO host on the given port. */
    public static void registerHost(DynamicPropertyRegistry registry, String databasePrefix, int isoPort)
            throws Exception {
        register(registry, databasePrefix);
        registry.add("shanfu.iso.port", () -> isoPort);
    }

    private static final java.util.concurrent.atomic.AtomicLong RECORDED = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Keeps an HTTP answer as the client got it (status line, headers, body) in {@code target/http-responses}, where
     * the card data scan after the suite looks for card numbers, tracks, PIN blocks and clear keys.
     */
    public static <T> java.net.http.HttpResponse<T> recorded(java.net.http.HttpResponse<T> r) {
        StringBuilder out = new StringBuilder(r.request().method())
                .append(' ')
                .append(r.uri())
                .append(" -> ")
                .append(r.statusCode())
                .append('\n');
        r.headers()
                .map()
                .forEach((k, v) ->
                        v.forEach(x -> out.append(k).append(": ").append(x).append('\n')));
        out.append('\n')
                .append(
                        r.body() instanceof String body
                                ? body
                                : r.body() instanceof byte[] b
                                        ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
                                        : "");
        try {
            Path dir = Files.createDirectories(Path.of("target", "http-responses"));
            Files.writeString(
                    dir.resolve(ProcessHandle.current().pid() + "-" + RECORDED.incrementAndGet() + ".http"),
                    out.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return r;
    }
}
