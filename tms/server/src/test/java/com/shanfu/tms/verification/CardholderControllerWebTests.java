package com.shanfu.tms.verification;

import static com.shanfu.tms.web.WebSlice.as;
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

/** Opening a card at the simulated bank as a web slice: staff only, and every element in its form, or nothing opens. */
@WebMvcTest(controllers = CardholderController.class, properties = "shanfu.simulators.identity.enabled=true")
@Import(com.shanfu.tms.web.SecurityConfig.class)
class CardholderControllerWebTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    IdentityVerification verification;

    @MockitoBean
    JwtDecoder jwtDecoder;

    private static final String CARD = "{\"name\":\"张三\",\"idNumber\":\"%s\",\"cardNumber\":\"6228480402564890018\","
            + "\"mobile\":\"13812345678\",\"cardType\":\"DEBIT\"}";

    @Test
    void aMalformedIdNumberIsRefusedNamingTheField() throws Exception {
        mvc.perform(post("/api/v1/simulator/cardholders")
                        .with(as("staff"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(CARD.formatted("11010519491231002")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-request"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("idNumber")));
        verifyNoInteractions(verification);
    }

    @Test
    void thePortalsClientMayNotOpenCards() throws Exception {
        mvc.perform(post("/api/v1/simulator/cardholders")
                        .with(as("tms-client"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(CARD.formatted("11010519491231002X")))
                .andExpect(status().isForbidden());
        verifyNoInteractions(verification);
    }
}
