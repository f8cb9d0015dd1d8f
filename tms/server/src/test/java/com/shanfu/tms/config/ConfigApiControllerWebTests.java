package com.shanfu.tms.config;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.shanfu.tms.contract.Rollout;
import com.shanfu.tms.web.TmsException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The configuration endpoints as a web slice (no database, no Keycloak): who may call them, and how a refusal of the
 * rules comes back (status, code, message) — the service itself is a mock here; its rules have their own tests.
 */
@WebMvcTest(controllers = ConfigApiController.class, properties = "shanfu.devices.silent-after=PT10M")
@org.springframework.context.annotation.Import(com.shanfu.tms.web.SecurityConfig.class)
class ConfigApiControllerWebTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    Configurations configurations;

    @MockitoBean
    PushTasks tasks;

    @MockitoBean
    DeviceLogs logs;

    @MockitoBean
    com.shanfu.tms.device.DeviceRepository devices;

    @MockitoBean
    com.shanfu.tms.device.DeviceService lifecycle;

    @MockitoBean
    java.time.Clock clock;

    @MockitoBean
    JwtDecoder jwtDecoder;

    @MockitoBean
    PlatformTransactionManager transactions;

    private static org.springframework.test.web.servlet.request.RequestPostProcessor as(String role) {
        return jwt().jwt(j -> j.claim("preferred_username", "u-" + role))
                .authorities(new org.springframework.security.core.authority.SimpleGrantedAuthority("ROLE_" + role));
    }

    @Test
    void anAdminPublishesAndTheRolloutComesBack() throws Exception {
        when(configurations.publish(any(), eq("年底调整限额"), anyString())).thenReturn(new Rollout("config-v7-abc", 7, 12));
        mvc.perform(post("/api/v1/config/versions")
                        .with(as("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"settings\":{\"currency\":\"156\"},\"note\":\"年底调整限额\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(7))
                .andExpect(jsonPath("$.terminals").value(12));
    }

    @Test
    void aRuleRefusalComesBackWithItsStatusCodeAndReason() throws Exception {
        when(configurations.override(eq("GALAXY"), eq("x"), any(), anyString()))
                .thenThrow(new TmsException(
                        HttpStatus.BAD_REQUEST,
                        "unknown-scope",
                        "scope must be one of MODEL, REGION, MERCHANT, TERMINAL"));
        mvc.perform(put("/api/v1/config/overrides/GALAXY/x")
                        .with(as("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"settings\":{}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("unknown-scope"));
    }

    @Test
    void staffMayNotChangeTheConfigurationAndNothingIsCalled() throws Exception {
        mvc.perform(post("/api/v1/config/versions")
                        .with(as("staff"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"settings\":{},\"note\":\"x\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/config/versions")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"settings\":{},\"note\":\"x\"}"))
                .andExpect(status().isUnauthorized());
        verify(configurations, never()).publish(any(), any(), any());
    }
}
