package com.shanfu.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A terminal resumes its own TLS 1.3 session on its next connection (one connection per message), and terminals do
 * not share sessions. The server is a JSSE server socket with a self-signed certificate made by the JDK's keytool;
 * a resumed session keeps the creation time of the session it resumes.
 */
class TlsTests {

    @TempDir
    static Path dir;

    static SSLServerSocket server;
    static String pem;

    @BeforeAll
    static void server() throws Exception {
        Path store = dir.resolve("host.p12");
        Path cert = dir.resolve("host.pem");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(
                keytool,
                "-genkeypair",
                "-alias",
                "host",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "san=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit");
        run(
                keytool,
                "-exportcert",
                "-rfc",
                "-alias",
                "host",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-file",
                cert.toString());
        pem = Files.readString(cert);
        server = (SSLServerSocket) Tls.serverContext(store, "changeit".toCharArray())
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setEnabledProtocols(Tls.PROTOCOLS);
        Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try (var s = server.accept()) {
                    s.getOutputStream().write(s.getInputStream().read());
                } catch (IOException ignored) {
                    // a client that went away; the next one is served
                }
            }
        });
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    @Test
    void a_terminal_resumes_its_own_session_and_terminals_do_not_share_one() throws Exception {
        long first = session("10000001");
        long again = session("10000001");
        Thread.sleep(5); // creation times are in milliseconds: a new session is later than the first
        long other = session("10000002");
        long otherAgain = session("10000002");

        assertThat(again).as("the same terminal resumes").isEqualTo(first);
        assertThat(other).as("another terminal makes its own").isNotEqualTo(first);
        assertThat(otherAgain).isEqualTo(other);
    }

    @Test
    void a_terminal_that_trusts_another_ca_is_refused_even_with_a_session_to_resume() throws Exception {
        session("10000003");
        Path other = dir.resolve("other.p12");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(
                keytool,
                "-genkeypair",
                "-alias",
                "other",
                "-keyalg",
                "EC",
                "-dname",
                "CN=localhost",
                "-keystore",
                other.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit");
        Path otherPem = dir.resolve("other.pem");
        run(
                keytool,
                "-exportcert",
                "-rfc",
                "-alias",
                "other",
                "-keystore",
                other.toString(),
                "-storepass",
                "changeit",
                "-file",
                otherPem.toString());
        SSLSocket s = (SSLSocket) Tls.pinnedContext(Files.readString(otherPem), "10000003")
                .getSocketFactory()
                .createSocket("localhost", server.getLocalPort());
        Tls.harden(s, true);
        try (s) {
            org.assertj.core.api.Assertions.assertThatThrownBy(s::startHandshake)
                    .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        }
    }

    /** One connection of the terminal: a byte there and back; the session's creation time. */
    private static long session(String tid) throws IOException {
        SSLSocket s = (SSLSocket)
                Tls.pinnedContext(pem, tid).getSocketFactory().createSocket("localhost", server.getLocalPort());
        Tls.harden(s, true);
        try (s) {
            s.startHandshake();
            s.getOutputStream().write(7);
            s.getOutputStream().flush();
            assertThat(s.getInputStream().read()).isEqualTo(7); // the session ticket came before the answer
            return s.getSession().getCreationTime();
        }
    }

    private static void run(String... command) throws Exception {
        Process p =
                new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
