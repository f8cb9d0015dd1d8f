package com.shanfu.tms.refund;

import static com.shanfu.tms.web.WebSlice.as;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.shanfu.tms.merchant.MerchantService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The finished-refunds feed as a web slice: an instant that is not one is refused by the parameter's name. */
@WebMvcTest(controllers = RefundFeedController.class)
@Import(com.shanfu.tms.web.SecurityConfig.class)
class RefundFeedControllerWebTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    RefundRequests requests;

    @MockitoBean
    MerchantService merchants;

    @MockitoBean
    JwtDecoder jwtDecoder;

    @Test
    void anInstantThatIsNotOneIsRefusedByName() throws Exception {
        mvc.perform(get("/api/v1/refund-requests/finished?since=yesterday").with(as("tms-client")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-request"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("since")));
        mvc.perform(get("/api/v1/refund-requests/finished?since=2026-12-01T00:00:00Z"))
                .andExpect(status().isUnauthorized());
        verifyNoInteractions(requests);
    }
}
