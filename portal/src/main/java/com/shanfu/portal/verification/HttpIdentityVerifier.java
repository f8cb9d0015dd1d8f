package com.shanfu.portal.verification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The bank-card verification service over HTTP, in the shape the commercial providers use: JSON body, the caller's
 * app key, a timestamp and a nonce, and an HMAC-SHA256 signature of {@code appKey \n timestamp \n nonce \n body}.
 * Locally the service is the simulated bank in the TMS ({@code /sim/identity/v1/four-elements}); in production the
 * URL, key and secret point at the provider and nothing else changes.
 */
@Component
class HttpIdentityVerifier implements IdentityVerifier {

    record Request(String requestId, String name, String idNumber, String cardNumber, String mobile) {}

    record Response(String requestId, String result, List<String> mismatched, String cardType) {}

    private final RestClient http;
    private final ObjectMapper json;
    private final Clock clock;
    private final String appKey;
    private final byte[] secret;
    private final SecureRandom random = new SecureRandom();

    HttpIdentityVerifier(
            ObjectMapper json,
            Clock clock,
            @Value("${shanfu.identity.url}") String url,
            @Value("${shanfu.identity.app-key}") String appKey,
            @Value("${shanfu.identity.secret}") String secret) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build());
        factory.setReadTimeout(Duration.ofSeconds(5));
        this.http = RestClient.builder().baseUrl(url).requestFactory(factory).build();
        this.json = json;
        this.clock = clock;
        this.appKey = appKey;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Verdict verify(Elements e) {
        try {
            String body = json.writeValueAsString(
                    new Request(UUID.randomUUID().toString(), e.name(), e.idNumber(), e.cardNumber(), e.mobile()));
            String timestamp = String.valueOf(clock.millis());
            byte[] n = new byte[16];
            random.nextBytes(n);
            String nonce = HexFormat.of().formatHex(n);
            Response r = http.post()
                    .uri("/identity/v1/four-elements")
                    .contentType(MediaType.APPLICATION_JSON)
                    .header("X-Sf-App-Key", appKey)
                    .header("X-Sf-Timestamp", timestamp)
                    .header("X-Sf-Nonce", nonce)
                    .header("X-Sf-Signature", sign(appKey + "\n" + timestamp + "\n" + nonce + "\n" + body))
                    .body(body)
                    .retrieve()
                    .body(Response.class);
            if (r == null || r.result() == null) {
                throw new VerifierUnavailable("the verification service gave an empty answer", null);
            }
            return new Verdict(
                    Result.valueOf(r.result()), r.mismatched() == null ? List.of() : r.mismatched(), r.cardType());
        } catch (RestClientException | JsonProcessingException | IllegalArgumentException ex) {
            // the message names the failure, never the elements
            throw new VerifierUnavailable(
                    "the verification service did not answer: " + ex.getClass().getSimpleName(), ex);
        }
    }

    private String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
