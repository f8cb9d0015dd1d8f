package com.shanfu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.infra.smsc.SmscSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real tms and portal jars as processes on the MariaDB and Keycloak that infra/shanfu test started, once for
 * all end-to-end test classes of a run (kept in the root store, stopped when the run ends). The TMS plays the
 * simulated bank for identity verification; the portal shows its outbox on /dev/outbox.
 */
final class E2eStack implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {

    /** The portal port is registered as a redirect URI of the realm's portal client. */
    static final int PORTAL_PORT = 18080;

    static final Path WORK = Path.of("target", "e2e");
    static final String PORTAL = "https://localhost:" + PORTAL_PORT;
    static int tmsPort;
    static int isoPort;
    /** The SMS centre the portal binds to (SMPP), in the tests' process so that they can steer and read it. */
    static SmscSimulator smsc;

    static String smscPassword;
    /** The portal's database, for tests that read what it wrote (the outbox's carriers and receipts). */
    static String portalDb;
    /** The TMS's database, for tests that reach behind it (a package damaged where the TMS keeps it). */
    static String tmsDb;
    /** The operator's release key of this stack: the TMS takes packages it signed, terminals pin its public half. */
    static final java.security.KeyPair RELEASE_KEY = com.shanfu.infra.release.TerminalRelease.newKey();

    private final List<Process> processes = new ArrayList<>();

    static String tms() {
        return "https://localhost:" + tmsPort;
    }

    static String keycloak() {
        return env("SHANFU_TEST_KEYCLOAK_URL");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(E2eStack.class, k -> {
            try {
                E2eStack stack = new E2eStack();
                stack.start();
                return stack;
            } catch (Exception e) {
                throw new IllegalStateException("the end-to-end stack did not start", e);
            }
        });
    }

    private void start() throws Exception {
        Files.createDirectories(WORK);
        try (ServerSocket busy = new ServerSocket(PORTAL_PORT)) {
            busy.close(); // free: the portal started below will take it
        } catch (IOException e) {
            throw new IllegalStateException("port " + PORTAL_PORT + " is in use; the end-to-end portal needs it "
                    + "(a redirect URI of the realm): stop whatever listens there");
        }
        String db = "e2e_" + UUID.randomUUID().toString().substring(0, 8);
        String dbHost = env("SHANFU_TEST_DB_HOST") + ":" + env("SHANFU_TEST_DB_PORT");
        tmsPort = freePort();
        isoPort = freePort();
        String options =
                "?createDatabaseIfNotExist=true&useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=utf8";
        tmsDb = db + "_tms";
        start(
                "tms",
                Path.of("../tms/server/target/tms.jar"),
                Map.of(
                        "SHANFU_RELEASE_KEYS",
                        com.shanfu.infra.release.TerminalRelease.publicKeyBase64(RELEASE_KEY),
                        "SHANFU_DB_URL_TMS",
                        "jdbc:mysql://" + dbHost + "/" + db + "_tms" + options,
                        "SHANFU_KEYCLOAK_URL",
                        keycloak(),
                        "SERVER_PORT",
                        String.valueOf(tmsPort),
                        "SHANFU_ISO_PORT",
                        String.valueOf(isoPort),
                        "SHANFU_DEMO",
                        "true",
                        "SHANFU_IDENTITY_SIMULATOR",
                        "true",
                        "SHANFU_LMK_COMPONENTS",
                        lmkComponents(db)));
        smscPassword = UUID.randomUUID().toString().substring(0, 8); // SMPP passwords are at most 8 characters
        smsc = new SmscSimulator(freePort(), "shanfu", smscPassword, DevPhone.DIR, Duration.ofMillis(300));
        Map<String, String> portal = new java.util.HashMap<>(Map.of(
                "SHANFU_DB_URL_PORTAL",
                "jdbc:mysql://" + dbHost + "/" + db + "_portal" + options,
                "SHANFU_KEYCLOAK_URL",
                keycloak(),
                "SERVER_PORT",
                String.valueOf(PORTAL_PORT),
                "SHANFU_TMS_URL",
                tms(),
                "SHANFU_IDENTITY_URL",
                tms() + "/sim",
                "SPRING_PROFILES_ACTIVE",
                "local",
                "SHANFU_DEV_PHONE_DIR",
                DevPhone.DIR.toAbsolutePath().toString(),
                "SHANFU_PII_KEY_FILE",
                WORK.toAbsolutePath().resolve(db + "-pii.key").toString()));
        // SMS leave through SMPP to the SMS centre simulator, which puts them on the phone the tests read codes from
        portal.putAll(Map.of(
                "SHANFU_SMS_GATEWAY",
                "smpp",
                "SHANFU_SMPP_HOST",
                "127.0.0.1",
                "SHANFU_SMPP_PORT",
                String.valueOf(smsc.port()),
                "SHANFU_SMPP_PASSWORD",
                smscPassword,
                "SHANFU_NOTIFY_RETRY_FIRST",
                "PT1S"));
        portalDb = db + "_portal";
        start("portal", Path.of("../portal/target/portal.jar"), portal);
        waitHealthy(tms() + "/actuator/health", "tms");
        waitHealthy(PORTAL + "/actuator/health", "portal");
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
        try {
            smsc.close();
        } catch (IOException e) {
            // the run is over
        }
        for (Process p : processes) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void start(String name, Path jar, Map<String, String> env) throws IOException {
        processes.add(startJar(name, jar, env));
    }

    /** A service jar as a process of its own, its output appended to target/e2e/NAME.log. */
    static Process startJar(String name, Path jar, Map<String, String> env) throws IOException {
        assertThat(jar).as(name + " jar (built by the package phase)").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xmx512m"));
        String trustStore = System.getProperty("javax.net.ssl.trustStore");
        if (trustStore != null
                && !trustStore.isBlank()) { // the stack's private CA: the portal calls the TMS over HTTPS
            command.addAll(List.of(
                    "-Djavax.net.ssl.trustStore=" + trustStore,
                    "-Djavax.net.ssl.trustStoreType=PKCS12",
                    "-Djavax.net.ssl.trustStorePassword=" + System.getProperty("javax.net.ssl.trustStorePassword")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        WORK.resolve(name + ".log").toFile()));
        pb.environment().putAll(env);
        return pb.start();
    }

    private void waitHealthy(String url, String name) throws Exception {
        waitHealthy(url, name, processes);
    }

    static void waitHealthy(String url, String name, List<Process> processes) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            for (Process p : processes) {
                assertThat(p.isAlive())
                        .as(name + " exited early; see " + WORK.resolve(name + ".log"))
                        .isTrue();
            }
            Thread.sleep(1000);
        }
        throw new AssertionError(name + " did not become healthy; see " + WORK.resolve(name + ".log"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Two fresh LMK components for a TMS of the tests (each custodian's file, as infra/shanfu keys ceremony writes
     * them), comma-separated: the TMS forms its LMK from them in memory.
     */
    static String lmkComponents(String name) throws IOException {
        java.security.SecureRandom random = new java.security.SecureRandom();
        StringBuilder files = new StringBuilder();
        for (int i = 1; i <= 2; i++) {
            byte[] part = new byte[32];
            random.nextBytes(part);
            Path f = WORK.toAbsolutePath().resolve(name + "-component-" + i + ".txt");
            java.nio.file.Files.createDirectories(f.getParent());
            java.nio.file.Files.writeString(
                    f, "component=" + java.util.HexFormat.of().formatHex(part) + "\n");
            files.append(i > 1 ? "," : "").append(f);
        }
        return files.toString();
    }

    static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " is not set: run the tests with infra/shanfu test");
        }
        return v;
    }
}
