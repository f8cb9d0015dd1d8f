package com.shanfu.tms.verification;

import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The simulated bank's verification endpoint as a web slice: a caller without the app key, or with a stale
 * timestamp, is refused before the body is read (the signed round trip itself is {@code IdentityVerificationIT}).
 */
@WebMvcTest(
        controllers = IdentityVerificationController.class,
        properties = {
            "shanfu.simulators.identity.enabled=true",
            "shanfu.simulators.identity.app-key=portal",
            "shanfu.simulators.identity.secret=test-secret"
        })
@Import(com.shanfu.tms.web.SecurityConfig.class)
class IdentityVerificationControllerWebTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    IdentityVerification verification;

    @MockitoBean
    JwtDecoder jwtDecoder;

    private static final String BODY = "{\"requestId\":\"r-1\",\"name\":\"张三\",\"cardNumber\":\"6228480402564890018\"}";

    @Test
    void anUnknownAppKeyOrAStaleTimestampIsRefusedAndNothingIsAsked() throws Exception {
        long now = System.currentTimeMillis();
        mvc.perform(post("/sim/identity/v1/four-elements")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(BODY)
                        .header("X-Sf-App-Key", "someone")
                        .header("X-Sf-Timestamp", now)
                        .header("X-Sf-Nonce", "n-1")
                        .header("X-Sf-Signature", "AAAA"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("unknown-app-key"));
        mvc.perform(post("/sim/identity/v1/four-elements")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(BODY)
                        .header("X-Sf-App-Key", "portal")
                        .header("X-Sf-Timestamp", now - 3_600_000)
                        .header("X-Sf-Nonce", "n-2")
                        .header("X-Sf-Signature", "AAAA"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("stale-request"));
        mvc.perform(post("/sim/identity/v1/four-elements")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(BODY)
                        .header("X-Sf-App-Key", "portal")
                        .header("X-Sf-Timestamp", now)
                        .header("X-Sf-Nonce", "n-3")
                        .header("X-Sf-Signature", "AAAA"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("bad-signature"));
        verifyNoInteractions(verification);
    }
}
