package com.shanfu.tms.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.tms.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The simulated bank's four-element verification over HTTP: signed requests only, each nonce once, and the answers
 * consistent / inconsistent (naming the element) / no record. Cards are opened through the staff API.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "shanfu.iso.port=0",
            "shanfu.simulators.identity.enabled=true",
            "shanfu.simulators.identity.secret=test-secret"
        })
class IdentityVerificationIT {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        TestStack.register(registry, "tms_identity");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private static String token(String user) throws Exception {
        return TestStack.userToken(user);
    }

    private int openCard(String token, String json) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(
                                        URI.create("https://localhost:" + port + "/api/v1/simulator/cardholders"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private HttpResponse<String> verify(String body, String secret, long timestamp, String nonce) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = Base64.getEncoder()
                .encodeToString(mac.doFinal(
                        ("shanfu-portal\n" + timestamp + "\n" + nonce + "\n" + body).getBytes(StandardCharsets.UTF_8)));
        return com.shanfu.tms.TestStack.recorded(http.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/sim/identity/v1/four-elements"))
                        .header("Content-Type", "application/json")
                        .header("X-Sf-App-Key", "shanfu-portal")
                        .header("X-Sf-Timestamp", String.valueOf(timestamp))
                        .header("X-Sf-Nonce", nonce)
                        .header("X-Sf-Signature", signature)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private HttpResponse<String> verify(String body) throws Exception {
        return verify(
                body,
                "test-secret",
                System.currentTimeMillis(),
                UUID.randomUUID().toString());
    }

    private static String request(String name, String id, String card, String mobile) {
        return "{\"requestId\":\"" + UUID.randomUUID() + "\",\"name\":\"" + name + "\",\"idNumber\":\"" + id
                + "\",\"cardNumber\":\"" + card + "\",\"mobile\":\"" + mobile + "\"}";
    }

    @Test
    void the_bank_answers_consistent_inconsistent_or_no_record() throws Exception {
        String card = "62284800" + (System.nanoTime() % 100_000_000_000L);
        String holder = "{\"name\":\"李雷\",\"idNumber\":\"110105199404100184\",\"cardNumber\":\"" + card
                + "\",\"mobile\":\"13912345678\",\"cardType\":\"DEBIT\"}";
        assertThat(openCard(token("applicant1"), holder)).isEqualTo(403);
        assertThat(openCard(token("staff1"), holder)).isEqualTo(201);
        assertThat(openCard(token("staff1"), holder.replace("13912345678", "12")))
                .isEqualTo(400);

        assertThat(verify(request("李雷", "110105199404100184", card, "13912345678"))
                        .body())
                .contains("\"result\":\"CONSISTENT\"")
                .contains("\"cardType\":\"DEBIT\"");
        assertThat(verify(request("李雷", "110105199404100184", card, "13800138000"))
                        .body())
                .contains("\"result\":\"INCONSISTENT\"")
                .contains("\"mismatched\":[\"mobile\"]");
        assertThat(verify(request("韩梅梅", "110105199404100184", card, "13912345678"))
                        .body())
                .contains("\"mismatched\":[\"name\"]");
        assertThat(verify(request("李雷", "110105199404100184", "6228480000000000000", "13912345678"))
                        .body())
                .contains("\"result\":\"NO_RECORD\"");
    }

    @Test
    void unsigned_stale_or_replayed_requests_are_refused() throws Exception {
        String body = request("李雷", "110105199404100184", "6228480402564890018", "13912345678");
        assertThat(verify(body, "wrong-secret", System.currentTimeMillis(), "n-1")
                        .statusCode())
                .isEqualTo(401);
        assertThat(verify(body, "test-secret", System.currentTimeMillis() - 600_000, "n-2")
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> first = verify(body, "test-secret", System.currentTimeMillis(), "n-3");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        HttpResponse<String> replay = verify(body, "test-secret", System.currentTimeMillis(), "n-3");
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("nonce");
        assertThat(verify("{\"requestId\":\"x\",\"cardNumber\":\"12\"}").statusCode())
                .isEqualTo(400);
    }
}
