package com.shanfu.tms;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The TMS API checks real Keycloak tokens: 401 without one, 403 for the wrong role, 200 for the right ones. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "shanfu.iso.port=0")
class ApiSecurityIT {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        TestStack.register(registry, "tms_api");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    static String token(String form) throws Exception {
        return TestStack.token(form);
    }

    static String userToken(String user) throws Exception {
        return TestStack.userToken(user);
    }

    static String portalClientToken() throws Exception {
        return token(
                "grant_type=client_credentials&client_id=shanfu-portal-tms&client_secret=shanfu-portal-tms-secret");
    }

    private int get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return TestStack.recorded(http.send(b.build(), HttpResponse.BodyHandlers.ofString()))
                .statusCode();
    }

    @Test
    void the_api_speaks_only_https_with_tls13() throws Exception {
        // plain HTTP to the port: no answer a client could use (Tomcat answers 400 "requires TLS" or hangs up)
        int plain;
        try {
            plain = http.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (java.io.IOException e) {
            plain = -1;
        }
        org.assertj.core.api.Assertions.assertThat(plain).as("plain HTTP").isNotEqualTo(200);
        try (javax.net.ssl.SSLSocket s = com.shanfu.protocol.tls.Tls.connect(TestStack.caPem(), "localhost", port)) {
            org.assertj.core.api.Assertions.assertThat(s.getSession().getProtocol())
                    .isEqualTo("TLSv1.3");
        }
        javax.net.ssl.SSLContext ctx = com.shanfu.protocol.tls.Tls.pinnedContext(TestStack.caPem());
        try (javax.net.ssl.SSLSocket old =
                (javax.net.ssl.SSLSocket) ctx.getSocketFactory().createSocket("localhost", port)) {
            old.setEnabledProtocols(new String[] {"TLSv1.2"});
            org.assertj.core.api.Assertions.assertThatThrownBy(old::startHandshake)
                    .isInstanceOf(java.io.IOException.class);
        }
        org.assertj.core.api.Assertions.assertThat(get("/actuator/health", null))
                .isEqualTo(200);
    }

    @Test
    void api_without_a_token_is_unauthorized() throws Exception {
        assertThat(get("/api/v1/models", null)).isEqualTo(401);
        assertThat(get("/api/v1/models", "not-a-token")).isEqualTo(401);
    }

    @Test
    void applicant_token_is_forbidden_and_staff_or_portal_client_are_allowed() throws Exception {
        assertThat(get("/api/v1/models", userToken("applicant1"))).isEqualTo(403);
        assertThat(get("/api/v1/models", userToken("staff1"))).isEqualTo(200);
        assertThat(get("/api/v1/models", portalClientToken())).isEqualTo(200);
    }

    @Test
    void every_api_endpoint_refuses_applicants_and_merchants_and_admits_staff() throws Exception {
        String applicant = userToken("applicant1");
        String staff = userToken("staff1");
        String[] reads = {
            "/api/v1/models",
            "/api/v1/devices/SFQ1-000001",
            "/api/v1/merchants/898541100000001/transactions",
            "/api/v1/merchants/898541100000001/batches",
            "/api/v1/models/SF-Q1/stock",
            "/api/v1/devices",
            "/api/v1/devices/SFQ1-000001/tasks",
            "/api/v1/config",
            "/api/v1/config/versions",
            "/api/v1/rollouts/config-v1-abcdef12",
            "/api/v1/merchants/898541100000001/payouts",
            "/api/v1/merchants/898541100000001/payouts/1",
            "/api/v1/merchants/898541100000001",
            "/api/v1/payout-runs/2026-11-30",
            "/api/v1/ledger/balance",
            "/api/v1/merchants/898541100000001/transactions/1",
            "/api/v1/merchants/898541100000001/summary",
            "/api/v1/merchants/898541100000001/refund-requests",
            "/api/v1/payouts/paid?since=2026-11-01",
            "/api/v1/refund-requests/finished?since=2026-11-01T00:00:00Z",
            "/api/v1/devices/silent",
            "/api/v1/receipts/AAAAAAAAAAAAAAAAAAAAAA"
        };
        for (String path : reads) {
            assertThat(get(path, null)).as(path).isEqualTo(401);
            assertThat(get(path, applicant)).as(path).isEqualTo(403);
            assertThat(get(path, staff)).as(path).isIn(200, 404);
        }
        for (String path : new String[] {"/api/v1/merchants", "/api/v1/shipments", "/api/v1/devices"}) {
            assertThat(post(path, "{}", null)).as(path).isEqualTo(401);
            assertThat(post(path, "{}", applicant)).as(path).isEqualTo(403);
            assertThat(post(path, "{}", staff))
                    .as(path + ": invalid body, but admitted")
                    .isEqualTo(400);
        }
        // a refund is the portal's to ask for (for the merchant's owner), not staff's
        String refund = "{\"txnId\":1,\"amountFen\":100,\"requestRef\":\"security-test-1\",\"requestedBy\":\"x\"}";
        assertThat(post("/api/v1/merchants/898541100000001/refund-requests", refund, applicant))
                .isEqualTo(403);
        assertThat(post("/api/v1/merchants/898541100000001/refund-requests", refund, staff))
                .isEqualTo(403);
    }

    @Test
    void the_openapi_document_is_served() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/v3/api-docs"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .contains("/api/v1/shipments")
                .contains("/api/v1/merchants/{mid}/transactions")
                .contains("/api/v1/config/versions")
                .contains("/api/v1/rollouts/{batchRef}")
                .contains("/api/v1/groups/{scope}/tasks")
                .contains("/api/v1/merchants/{mid}/payouts")
                .contains("/api/v1/payout-runs")
                .contains("/api/v1/ledger/balance");
    }

    private int post(String path, String json, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return TestStack.recorded(http.send(b.build(), HttpResponse.BodyHandlers.ofString()))
                .statusCode();
    }

    @Test
    void fleet_changes_are_for_admins_and_the_portal_client_only() throws Exception {
        String applicant = userToken("applicant1");
        String staff = userToken("staff1");
        String admin = userToken("admin");
        String portal = portalClientToken();
        String[] writes = {
            "/api/v1/config/versions",
            "/api/v1/devices/SFQ1-000001/suspend",
            "/api/v1/devices/SFQ1-000001/resume",
            "/api/v1/devices/SFQ1-000001/retire",
            "/api/v1/devices/SFQ1-000001/replace",
            "/api/v1/groups/MODEL/suspend?key=SF-X9",
            "/api/v1/groups/MODEL/tasks?key=SF-X9",
            "/api/v1/payout-runs?valueDate=not-a-date"
        };
        for (String path : writes) {
            assertThat(post(path, "{}", null)).as(path).isEqualTo(401);
            assertThat(post(path, "{}", applicant)).as(path).isEqualTo(403);
            assertThat(post(path, "{}", staff))
                    .as(path + ": staff read the fleet, they do not change it")
                    .isEqualTo(403);
            assertThat(post(path, "{}", admin))
                    .as(path + ": admitted, refused for its body")
                    .isIn(400, 404);
            assertThat(post(path, "{}", portal)).as(path).isIn(400, 404);
        }
        String terms = "{\"feePlan\":\"STANDARD\",\"debitRateBp\":38,\"creditRateBp\":60}";
        assertThat(put("/api/v1/merchants/898541100000001/terms", terms, staff))
                .as("fee plans are not staff's")
                .isEqualTo(403);
        assertThat(put("/api/v1/merchants/898541100000001/terms", terms, admin))
                .as("admitted, no such merchant")
                .isEqualTo(404);
        assertThat(put("/api/v1/merchants/898541100000001/terms", "{\"feePlan\":\"X\",\"debitRateBp\":5000}", admin))
                .as("a rate above 10%")
                .isEqualTo(400);
        assertThat(put("/api/v1/config/overrides/MODEL/SF-Q1", "{\"settings\":{}}", staff))
                .isEqualTo(403);
        assertThat(put("/api/v1/config/overrides/MODEL/SF-Q1", "{\"settings\":{\"shoeSize\":3}}", admin))
                .isEqualTo(400);
        assertThat(put("/api/v1/config/overrides/MODEL/SF-Q1", "{\"settings\":{}}", admin))
                .isEqualTo(200);
    }

    private int put(String path, String json, String token) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + token)
                                .PUT(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void health_is_public() throws Exception {
        assertThat(get("/actuator/health", null)).isEqualTo(200);
    }
}
