package com.shanfu.tms.device;

import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.shanfu.protocol.management.ActivationRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The activation endpoint as a web slice: open to devices (no token), and a body that is not a request is refused. */
@WebMvcTest(controllers = TerminalManagementController.class)
@Import(com.shanfu.tms.web.SecurityConfig.class)
class TerminalManagementControllerWebTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ActivationService activation;

    @MockitoBean
    JwtDecoder jwtDecoder;

    @Test
    void aBodyThatIsNotAnActivationRequestIsRefusedWithoutTryingTheCode() throws Exception {
        mvc.perform(post(ActivationRequest.PATH)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"serial\": [1, 2]"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-request"));
        mvc.perform(post(ActivationRequest.PATH)
                        .contentType(MediaType.TEXT_PLAIN)
                        .content("SF-Q1-000001 12345678"))
                .andExpect(status().isUnsupportedMediaType());
        verifyNoInteractions(activation);
    }
}
