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
        pem = selfSigned("host", store);
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
        String otherPem = selfSigned("other", dir.resolve("other.p12"));
        SSLSocket s = (SSLSocket) Tls.pinnedContext(otherPem, "10000003")
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

    /** A self-signed EC certificate for localhost in a new PKCS#12 store (JDK keytool); its PEM. */
    private static String selfSigned(String alias, Path store) throws Exception {
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path pem = store.resolveSibling(alias + ".pem");
        run(
                keytool,
                "-genkeypair",
                "-alias",
                alias,
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
                alias,
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-file",
                pem.toString());
        return Files.readString(pem);
    }

    private static void run(String... command) throws Exception {
        Process p =
                new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
