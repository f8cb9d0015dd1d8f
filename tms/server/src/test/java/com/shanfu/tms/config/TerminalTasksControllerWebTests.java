package com.shanfu.tms.config;

import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.shanfu.protocol.management.HeartbeatRequest;
import com.shanfu.tms.device.ActivationService;
import com.shanfu.tms.device.Device;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** A terminal's task results as a web slice: only APPLIED or FAILED is a result, and nothing else is recorded. */
@WebMvcTest(controllers = TerminalTasksController.class)
@Import(com.shanfu.tms.web.SecurityConfig.class)
class TerminalTasksControllerWebTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ActivationService devices;

    @MockitoBean
    PushTasks tasks;

    @MockitoBean
    DeviceLogs logs;

    @MockitoBean
    JwtDecoder jwtDecoder;

    @org.junit.jupiter.api.Test
    void a_log_above_256_kib_is_refused_before_it_is_read_or_kept() throws Exception {
        byte[] big = new byte[com.shanfu.protocol.management.LogUpload.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        mvc.perform(post("/api/terminal/v1/tasks/7/log")
                        .header(HeartbeatRequest.CREDENTIAL_HEADER, "cred")
                        .contentType(MediaType.TEXT_PLAIN)
                        .content(big))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status()
                        .isPayloadTooLarge());
        org.mockito.Mockito.verifyNoInteractions(logs);
    }

    private org.springframework.test.web.servlet.ResultActions result(String json) throws Exception {
        return mvc.perform(post("/api/terminal/v1/tasks/7/result")
                .header(HeartbeatRequest.CREDENTIAL_HEADER, "cred")
                .contentType(MediaType.APPLICATION_JSON)
                .content(json));
    }

    @Test
    void anAppliedTaskIsRecordedAsApplied() throws Exception {
        Device device = mock(Device.class);
        when(devices.authenticate("cred")).thenReturn(device);
        result("{\"status\":\"APPLIED\"}").andExpect(status().isOk());
        verify(tasks).report(eq(device), eq(7L), eq(true), isNull());
    }

    @Test
    void aDatabaseOutOfReachIsATryAgainNotABadCredential() throws Exception {
        when(devices.authenticate("cred"))
                .thenThrow(new org.springframework.transaction.CannotCreateTransactionException(
                        "Could not open JPA EntityManager for transaction"));
        result("{\"status\":\"APPLIED\"}")
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.code").value("try-again"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header()
                        .string("Retry-After", "5"));
        verify(tasks, never())
                .report(
                        org.mockito.ArgumentMatchers.any(),
                        anyLong(),
                        anyBoolean(),
                        org.mockito.ArgumentMatchers.any());
    }

    @Test
    void aStateThatIsNotAResultOrNotAStateAtAllIsRefused() throws Exception {
        when(devices.authenticate("cred")).thenReturn(mock(Device.class));
        result("{\"status\":\"DELIVERED\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-status"));
        result("{\"status\":\"DONE\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-request"));
        result("{}").andExpect(status().isBadRequest());
        verify(tasks, never())
                .report(
                        org.mockito.ArgumentMatchers.any(),
                        anyLong(),
                        anyBoolean(),
                        org.mockito.ArgumentMatchers.any());
    }
}
