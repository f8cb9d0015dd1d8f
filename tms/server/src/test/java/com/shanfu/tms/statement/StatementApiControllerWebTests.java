package com.shanfu.tms.statement;

import static com.shanfu.tms.web.WebSlice.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.shanfu.tms.contract.TxnKind;
import com.shanfu.tms.contract.TxnStatus;
import com.shanfu.tms.merchant.Merchant;
import com.shanfu.tms.merchant.MerchantService;
import com.shanfu.tms.refund.RefundRequests;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.PageImpl;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** A merchant's statement endpoints as a web slice: the filters are the contract's values, refunds need a changing role. */
@WebMvcTest(controllers = StatementApiController.class)
@Import(com.shanfu.tms.web.SecurityConfig.class)
class StatementApiControllerWebTests {

    private static final String MID = "898310048160001";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    MerchantService merchants;

    @MockitoBean
    Statements statements;

    @MockitoBean
    RefundRequests refunds;

    @MockitoBean
    Clock clock;

    @MockitoBean
    JwtDecoder jwtDecoder;

    @Test
    void theFiltersArriveAsTheContractsKindAndStatus() throws Exception {
        Merchant m = org.mockito.Mockito.mock(Merchant.class);
        when(merchants.byMid(MID)).thenReturn(m);
        when(statements.search(eq(m), any(), anyInt(), anyInt())).thenReturn(new PageImpl<>(List.of()));
        mvc.perform(get("/api/v1/merchants/" + MID + "/transactions?kind=REFUND&status=APPROVED&page=0&size=10")
                        .with(as("tms-client")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(0));
        ArgumentCaptor<Statements.Filter> filter = ArgumentCaptor.forClass(Statements.Filter.class);
        verify(statements).search(eq(m), filter.capture(), eq(0), eq(10));
        assertThat(filter.getValue().kind()).isEqualTo(TxnKind.REFUND);
        assertThat(filter.getValue().status()).isEqualTo(TxnStatus.APPROVED);
    }

    @Test
    void aCursorReadsThePageAfterItWithoutCountingAndARefusedCursorChangesNothing() throws Exception {
        Merchant m = org.mockito.Mockito.mock(Merchant.class);
        when(merchants.byMid(MID)).thenReturn(m);
        when(statements.searchAfter(eq(m), any(), any(), anyInt())).thenReturn(List.of());
        mvc.perform(get("/api/v1/merchants/" + MID + "/transactions?after=1764633600123-42&size=2")
                        .with(as("tms-client")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(-1))
                .andExpect(jsonPath("$.next").doesNotExist());
        ArgumentCaptor<Statements.Cursor> cursor = ArgumentCaptor.forClass(Statements.Cursor.class);
        verify(statements).searchAfter(eq(m), any(), cursor.capture(), eq(2));
        assertThat(cursor.getValue().createdAt()).isEqualTo(java.time.Instant.ofEpochMilli(1764633600123L));
        assertThat(cursor.getValue().id()).isEqualTo(42L);

        mvc.perform(get("/api/v1/merchants/" + MID + "/transactions?after=yesterday")
                        .with(as("tms-client")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-cursor"));
        mvc.perform(get("/api/v1/merchants/" + MID + "/transactions?after=1764633600123-42&page=3")
                        .with(as("tms-client")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("cursor-or-page"));
        verify(statements, org.mockito.Mockito.never()).search(any(), any(), anyInt(), anyInt());
    }

    @Test
    void aKindOrStatusOutsideTheContractIsRefusedByName() throws Exception {
        mvc.perform(get("/api/v1/merchants/" + MID + "/transactions?kind=CASHBACK")
                        .with(as("tms-client")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("kind")));
        mvc.perform(get("/api/v1/merchants/" + MID + "/transactions?status=approved")
                        .with(as("tms-client")))
                .andExpect(status().isBadRequest());
        verifyNoInteractions(statements);
    }

    @Test
    void aRefundRequestNeedsAChangingRoleAndAnAmountWithinBounds() throws Exception {
        String body = "{\"txnId\":42,\"amountFen\":%d,\"requestRef\":\"refund-00000001\",\"requestedBy\":\"owner\"}";
        mvc.perform(post("/api/v1/merchants/" + MID + "/refund-requests")
                        .with(as("staff"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body.formatted(500)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/merchants/" + MID + "/refund-requests")
                        .with(as("tms-client"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body.formatted(0)))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/v1/merchants/" + MID + "/refund-requests")
                        .with(as("tms-client"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body.formatted(500).replace("refund-00000001", "x")))
                .andExpect(status().isBadRequest());
        verifyNoInteractions(refunds);
    }
}
