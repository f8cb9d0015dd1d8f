package com.shanfu.tms.statement;

import static com.shanfu.tms.web.WebSlice.as;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.shanfu.tms.device.DeviceService;
import com.shanfu.tms.journal.TxnRepository;
import com.shanfu.tms.merchant.MerchantRepository;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** E-receipts as a web slice: a token not of the receipt's form is refused unread; an unknown one is not found. */
@WebMvcTest(controllers = ReceiptApiController.class)
@Import(com.shanfu.tms.web.SecurityConfig.class)
class ReceiptApiControllerWebTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    TxnRepository journal;

    @MockitoBean
    MerchantRepository merchants;

    @MockitoBean
    DeviceService devices;

    @MockitoBean
    JwtDecoder jwtDecoder;

    @Test
    void aTokenOfTheWrongFormIsRefusedWithoutLookingItUp() throws Exception {
        mvc.perform(get("/api/v1/receipts/short").with(as("tms-client"))).andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/receipts/' or 1=1 --xxxxxxxxxxxx").with(as("tms-client")))
                .andExpect(status().isBadRequest());
        verifyNoInteractions(journal);
    }

    @Test
    void anUnknownTokenIsNotFound() throws Exception {
        when(journal.findByReceiptToken("AAAAAAAAAAAAAAAAAAAAAA")).thenReturn(Optional.empty());
        mvc.perform(get("/api/v1/receipts/AAAAAAAAAAAAAAAAAAAAAA").with(as("tms-client")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("unknown-receipt"));
    }
}
