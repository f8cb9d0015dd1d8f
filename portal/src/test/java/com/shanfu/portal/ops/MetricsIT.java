package com.shanfu.portal.ops;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.shanfu.portal.TestStack;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The portal's metrics on {@code /actuator/prometheus}: a bearer token of the metrics client reads them (the KYC
 * queue by status, the outbox backlog, the JVM); no token, or an applicant's, does not, and no sign-in page is
 * offered instead. Real Keycloak tokens.
 */
// Spring Boot's tests leave metrics export off unless asked: on, as in the running application
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability(tracing = false)
@SpringBootTest(
        properties = {
            "shanfu.tms.url=http://127.0.0.1:9",
            "shanfu.metrics.count-every=200",
            "shanfu.notifications.relay-interval=3600000"
        })
@AutoConfigureMockMvc
class MetricsIT {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.register(registry, "portal_metrics");
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void the_metrics_client_reads_the_queue_and_the_outbox_and_nobody_else_does() throws Exception {
        jdbc.update("insert into outbox_message (channel, recipient_enc, body, status, created_at)"
                + " values ('SMS', 'x', '测试', 'PENDING', now(3) + interval 1 day)");
        Thread.sleep(1_000); // counted every 200 ms here

        mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized());
        String applicant =
                TestStack.token("grant_type=password&client_id=shanfu-cli&username=applicant1&password=shanfu-demo");
        mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer " + applicant))
                .andExpect(status().isForbidden());
        String metrics = TestStack.token(
                "grant_type=client_credentials&client_id=shanfu-metrics&client_secret=shanfu-metrics-secret");
        mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer " + metrics))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("shanfu_kyc_queue{status=\"SUBMITTED\"}")))
                .andExpect(content().string(Matchers.matchesPattern("(?s).*\nshanfu_outbox_pending [1-9].*")))
                .andExpect(content().string(Matchers.containsString("jvm_memory_used_bytes")));
    }
}
