package com.shanfu.tms.payout;

import static com.shanfu.tms.web.WebSlice.as;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
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

/** Payouts as a web slice: a day that is not a day is refused by name; only an admin or the portal makes a run. */
@WebMvcTest(controllers = PayoutApiController.class)
@Import(com.shanfu.tms.web.SecurityConfig.class)
class PayoutApiControllerWebTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    Payouts payouts;

    @MockitoBean
    MerchantService merchants;

    @MockitoBean
    JwtDecoder jwtDecoder;

    @Test
    void aDayThatIsNotADayIsRefusedWithItsCode() throws Exception {
        mvc.perform(get("/api/v1/payouts/paid?since=2026-13-01").with(as("tms-client")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("bad-date"));
        mvc.perform(post("/api/v1/payout-runs?valueDate=tomorrow").with(as("admin")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("bad-value-date"));
        verifyNoInteractions(payouts);
    }

    @Test
    void onlyAnAdminOrThePortalMakesAPayoutRun() throws Exception {
        mvc.perform(post("/api/v1/payout-runs?valueDate=2026-12-02").with(as("staff")))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/payout-runs?valueDate=2026-12-02")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/merchants/898310048160001/payouts/abc").with(as("staff")))
                .andExpect(status().isBadRequest());
        verifyNoInteractions(payouts, merchants);
    }
}
