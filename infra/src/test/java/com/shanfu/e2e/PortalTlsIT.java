package com.shanfu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shanfu.protocol.tls.Tls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The portal as the jar runs it: HTTPS only, TLS 1.3 only, with the stack's certificate; plain HTTP and TLS 1.2 get
 * nothing a client could use, and the session cookie is never sent over plain HTTP.
 */
@ExtendWith(E2eStack.class)
class PortalTlsIT {

    private static String caPem() throws IOException {
        return Files.readString(Path.of(E2eStack.env("SHANFU_TLS_CA")));
    }

    @Test
    void the_portal_speaks_only_https_with_tls13() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        int plain;
        try {
            plain = http.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + E2eStack.PORTAL_PORT + "/"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            plain = -1; // the TLS port hung up on plain HTTP
        }
        assertThat(plain).as("plain HTTP").isNotEqualTo(200).isNotEqualTo(302);

        try (SSLSocket s = Tls.connect(caPem(), "localhost", E2eStack.PORTAL_PORT)) {
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
        try (SSLSocket old = (SSLSocket)
                Tls.pinnedContext(caPem()).getSocketFactory().createSocket("localhost", E2eStack.PORTAL_PORT)) {
            old.setEnabledProtocols(new String[] {"TLSv1.2"});
            assertThatThrownBy(old::startHandshake).as("TLS 1.2").isInstanceOf(IOException.class);
        }

        HttpResponse<Void> home = HttpClient.newBuilder()
                .sslContext(Tls.pinnedContext(caPem()))
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(E2eStack.PORTAL + "/"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.headers().allValues("Set-Cookie"))
                .filteredOn(c -> c.startsWith("JSESSIONID="))
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c).contains("Secure").contains("HttpOnly"));
    }
}
