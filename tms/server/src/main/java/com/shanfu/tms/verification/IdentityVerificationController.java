package com.shanfu.tms.verification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.shanfu.tms.web.TmsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The identity verification simulator's HTTP face, shaped like the commercial bank-card verification services: the
 * caller signs {@code appKey \n timestamp \n nonce \n body} with HMAC-SHA256 under its app secret, a request older
 * than five minutes or with a nonce seen before is refused, and the answer says consistent / inconsistent / no
 * record. Only with {@code shanfu.simulators.identity.enabled=true} (local run and tests).
 */
@RestController
@ConditionalOnProperty(name = "shanfu.simulators.identity.enabled", havingValue = "true")
class IdentityVerificationController {

    static final Duration MAX_SKEW = Duration.ofMinutes(5);

    record VerifyRequest(String requestId, String name, String idNumber, String cardNumber, String mobile) {}

    record VerifyResponse(String requestId, String result, List<String> mismatched, String cardType) {}

    private final IdentityVerification verification;
    private final ObjectMapper json;
    private final Clock clock;
    private final String appKey;
    private final byte[] secret;
    private final Map<String, Long> seenNonces = new ConcurrentHashMap<>();

    IdentityVerificationController(
            IdentityVerification verification,
            ObjectMapper json,
            Clock clock,
            @Value("${shanfu.simulators.identity.app-key}") String appKey,
            @Value("${shanfu.simulators.identity.secret}") String secret) {
        this.verification = verification;
        this.json = json;
        this.clock = clock;
        this.appKey = appKey;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    @PostMapping(path = "/sim/identity/v1/four-elements", consumes = "application/json", produces = "application/json")
    VerifyResponse verify(
            @RequestHeader("X-Sf-App-Key") String key,
            @RequestHeader("X-Sf-Timestamp") long timestamp,
            @RequestHeader("X-Sf-Nonce") String nonce,
            @RequestHeader("X-Sf-Signature") String signature,
            @RequestBody String body) {
        authenticate(key, timestamp, nonce, signature, body);
        VerifyRequest r;
        try {
            r = json.readValue(body, VerifyRequest.class);
        } catch (IOException e) {
            throw new TmsException(HttpStatus.BAD_REQUEST, "invalid-request", "the body is not a verification request");
        }
        if (r.requestId() == null
                || r.cardNumber() == null
                || !r.cardNumber().matches("\\d{12,19}")
                || (r.name() == null && r.idNumber() == null && r.mobile() == null)) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST,
                    "invalid-request",
                    "requestId, a card number of 12-19 digits and at least one of name, idNumber, mobile are required");
        }
        IdentityVerification.Answer a = verification.verify(
                new IdentityVerification.Elements(r.name(), r.idNumber(), r.cardNumber(), r.mobile()));
        return new VerifyResponse(r.requestId(), a.result().name(), a.mismatched(), a.cardType());
    }

    private void authenticate(String key, long timestamp, String nonce, String signature, String body) {
        long now = clock.millis();
        if (!appKey.equals(key)) {
            throw new TmsException(HttpStatus.UNAUTHORIZED, "unknown-app-key", "unknown app key");
        }
        if (Math.abs(now - timestamp) > MAX_SKEW.toMillis()) {
            throw new TmsException(
                    HttpStatus.UNAUTHORIZED, "stale-request", "the timestamp is more than 5 minutes off");
        }
        byte[] expected = sign(key + "\n" + timestamp + "\n" + nonce + "\n" + body);
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            given = new byte[0];
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw new TmsException(HttpStatus.UNAUTHORIZED, "bad-signature", "the signature does not match");
        }
        seenNonces.values().removeIf(t -> now - t > MAX_SKEW.toMillis() * 2);
        if (seenNonces.putIfAbsent(nonce, now) != null) {
            throw new TmsException(HttpStatus.UNAUTHORIZED, "replayed-request", "this nonce was used before");
        }
    }

    private byte[] sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
