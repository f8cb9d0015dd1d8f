package com.shanfu.tms.api;

import static com.shanfu.tms.web.WebSlice.as;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.shanfu.tms.device.DeviceService;
import com.shanfu.tms.device.TerminalModelRepository;
import com.shanfu.tms.journal.BatchRepository;
import com.shanfu.tms.journal.BatchUploads;
import com.shanfu.tms.journal.TxnRepository;
import com.shanfu.tms.merchant.MerchantService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The merchant and device endpoints as a web slice: bad input and the wrong role are refused with a clear answer
 * before any service is called.
 */
@WebMvcTest(controllers = TmsApiController.class)
@Import(com.shanfu.tms.web.SecurityConfig.class)
class TmsApiControllerWebTests {

    private static final String TERMS =
            "{\"feePlan\":\"FOOD\",\"debitRateBp\":38,\"debitCapFen\":2000,\"creditRateBp\":60,"
                    + "\"creditCapFen\":null,\"settlementCycle\":\"%s\",\"settlementAccount\":\"622848******0018\"}";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    MerchantService merchants;

    @MockitoBean
    DeviceService devices;

    @MockitoBean
    TerminalModelRepository models;

    @MockitoBean
    TxnRepository journal;

    @MockitoBean
    BatchRepository batches;

    @MockitoBean
    BatchUploads uploads;

    @MockitoBean
    JwtDecoder jwtDecoder;

    @Test
    void aMerchantWithoutANameOrWithABadMccIsRefusedAndNothingIsRegistered() throws Exception {
        mvc.perform(post("/api/v1/merchants")
                        .with(as("tms-client"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"externalRef\":\"application-1\",\"name\":\"\",\"city\":\"上海\",\"mcc\":\"5812\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-request"));
        mvc.perform(
                        post("/api/v1/merchants")
                                .with(as("tms-client"))
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(
                                        "{\"externalRef\":\"application-1\",\"name\":\"张三便利店\",\"city\":\"上海\",\"mcc\":\"58x2\"}"))
                .andExpect(status().isBadRequest());
        verifyNoInteractions(merchants);
    }

    @Test
    void staffMayNotSetSettlementTerms() throws Exception {
        mvc.perform(post("/api/v1/merchants")
                        .with(as("staff"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(
                                "{\"externalRef\":\"application-2\",\"name\":\"张三便利店\",\"city\":\"上海\",\"mcc\":\"5812\","
                                        + "\"terms\":" + TERMS.formatted("T1") + "}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("terms-not-allowed"));
        verify(merchants, never()).register(any(), any(), any(), any(), any());
    }

    @Test
    void aSettlementCycleOutsideTheContractIsRefused() throws Exception {
        mvc.perform(put("/api/v1/merchants/898310048160001/terms")
                        .with(as("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(TERMS.formatted("T7")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-request"));
        mvc.perform(put("/api/v1/merchants/898310048160001/terms")
                        .with(as("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(TERMS.formatted("T1").replace("\"debitRateBp\":38", "\"debitRateBp\":5000")))
                .andExpect(status().isBadRequest());
        verifyNoInteractions(merchants);
    }

    @Test
    void aMalformedSerialOrMidIsRefusedAndNobodyUnknownGetsIn() throws Exception {
        mvc.perform(get("/api/v1/devices/not a serial").with(as("staff"))).andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/merchants/12345/batches").with(as("staff"))).andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/models")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/models").with(as("merchant"))).andExpect(status().isForbidden());
        verifyNoInteractions(devices, merchants, models);
    }
}
