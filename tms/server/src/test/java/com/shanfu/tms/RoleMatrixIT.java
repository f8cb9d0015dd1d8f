package com.shanfu.tms;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The role × endpoint matrix of the TMS, generated from the application's own endpoint list: every endpoint must
 * have a rule below (a new endpoint without one fails this test), and every endpoint is called with a real token of
 * every role (and none) over HTTPS: a role the rule allows is never refused (401/403), a role it does not allow
 * always is. Terminal endpoints ("device") and the bank simulator ("signed") take no user token at all: they are
 * authenticated by the device credential or a request signature, so every token is refused there.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"shanfu.iso.port=0", "shanfu.simulators.identity.enabled=true", "shanfu.demo=true"})
class RoleMatrixIT {

    static final List<String> ROLES = List.of("anonymous", "applicant", "merchant", "staff", "admin", "tms-client");
    static final Set<String> API = Set.of("staff", "admin", "tms-client");
    static final Set<String> ADMIN_OR_PORTAL = Set.of("admin", "tms-client");
    static final Set<String> STAFF = Set.of("staff", "admin");
    static final Set<String> NOBODY = Set.of();
    static final Set<String> EVERYONE = Set.copyOf(ROLES);

    static final Map<String, String> PATH_VALUES = Map.of(
            "mid",
            "898531100000001",
            "serial",
            "SFQ1-000001",
            "valueDate",
            "2026-12-01",
            "token",
            "AAAAAAAAAAAAAAAAAAAAAA",
            "batchRef",
            "config-abc12345",
            "scope",
            "ALL",
            "key",
            "ALL",
            "model",
            "SF-Q1",
            "id",
            "1",
            "version",
            "0.1.1");

    /** METHOD path → the roles allowed. */
    static final Map<String, Set<String>> RULES = new TreeMap<>();

    static {
        // RULES-BEGIN
        // the terminals' management channel: no user token opens it (the device credential does; activation: the code)
        RULES.put("GET /api/terminal/v1/tasks", NOBODY);
        RULES.put("POST /api/terminal/v1/activate", EVERYONE);
        RULES.put("POST /api/terminal/v1/heartbeat", NOBODY);
        RULES.put("GET /api/terminal/v1/software/{version}", NOBODY);
        RULES.put("POST /api/terminal/v1/tasks/{id}/log", NOBODY);
        RULES.put("POST /api/terminal/v1/tasks/{id}/result", NOBODY);
        // API documentation: open in a local run, off in production (the prod profile)
        RULES.put("GET /swagger-ui.html", EVERYONE);
        RULES.put("GET /v3/api-docs", EVERYONE);
        RULES.put("GET /v3/api-docs.yaml", NOBODY);
        RULES.put("GET /v3/api-docs/swagger-config", EVERYONE);
        // the management API
        RULES.put("GET /api/v1/books/checks", ADMIN_OR_PORTAL);
        RULES.put("GET /api/v1/config", API);
        RULES.put("GET /api/v1/config/versions", API);
        RULES.put("GET /api/v1/devices", API);
        RULES.put("GET /api/v1/devices/silent", API);
        RULES.put("GET /api/v1/devices/{serial}", API);
        RULES.put("GET /api/v1/devices/{serial}/logs", ADMIN_OR_PORTAL);
        RULES.put("GET /api/v1/devices/{serial}/logs/{id}", ADMIN_OR_PORTAL);
        RULES.put("GET /api/v1/devices/{serial}/tasks", API);
        RULES.put("GET /api/v1/ledger/balance", API);
        RULES.put("GET /api/v1/merchants/{mid}", API);
        RULES.put("GET /api/v1/merchants/{mid}/batches", API);
        RULES.put("GET /api/v1/merchants/{mid}/payouts", API);
        RULES.put("GET /api/v1/merchants/{mid}/payouts/{id}", API);
        RULES.put("GET /api/v1/merchants/{mid}/refund-requests", API);
        RULES.put("GET /api/v1/merchants/{mid}/summary", API);
        RULES.put("GET /api/v1/merchants/{mid}/transactions", API);
        RULES.put("GET /api/v1/merchants/{mid}/transactions/{id}", API);
        RULES.put("GET /api/v1/models", API);
        RULES.put("GET /api/v1/models/{model}/stock", API);
        RULES.put("GET /api/v1/payout-runs/{valueDate}", API);
        RULES.put("GET /api/v1/payouts/paid", API);
        RULES.put("GET /api/v1/receipts/{token}", API);
        RULES.put("GET /api/v1/refund-requests/finished", API);
        RULES.put("GET /api/v1/rollouts/{batchRef}", API);
        RULES.put("GET /api/v1/software", API);
        RULES.put("GET /api/v1/software-rollouts", API);
        RULES.put("POST /api/v1/books/checks", ADMIN_OR_PORTAL);
        RULES.put("POST /api/v1/config/versions", ADMIN_OR_PORTAL);
        RULES.put("POST /api/v1/devices", API);
        RULES.put("POST /api/v1/devices/{serial}/activation-code", ADMIN_OR_PORTAL);
        RULES.put("POST /api/v1/devices/{serial}/logs", ADMIN_OR_PORTAL);
        RULES.put("POST /api/v1/devices/{serial}/replace", ADMIN_OR_PORTAL);
        RULES.put("POST /api/v1/devices/{serial}/{action:suspend|resume|retire}", ADMIN_OR_PORTAL);
        RULES.put("POST /api/v1/groups/{scope}/tasks", ADMIN_OR_PORTAL);
        RULES.put("POST /api/v1/groups/{scope}/{action:suspend|resume}", ADMIN_OR_PORTAL);
        RULES.put("POST /api/v1/merchants", API);
        RULES.put("POST /api/v1/merchants/{mid}/refund-requests", ADMIN_OR_PORTAL);
        RULES.put("POST /api/v1/payout-runs", ADMIN_OR_PORTAL);
        RULES.put("POST /api/v1/shipments", API);
        RULES.put("POST /api/v1/software-rollouts/{batchRef}/{action:pause|resume|rollback}", ADMIN_OR_PORTAL);
        RULES.put("POST /api/v1/software/{version}/rollouts", ADMIN_OR_PORTAL);
        RULES.put("PUT /api/v1/config/overrides/{scope}/{key}", ADMIN_OR_PORTAL);
        RULES.put("PUT /api/v1/merchants/{mid}/terms", ADMIN_OR_PORTAL);
        RULES.put("PUT /api/v1/software/{version}", ADMIN_OR_PORTAL);
        // the bank simulator: opening cardholders is staff's; a bank check is open to no role but signed by its caller
        // (its signature, timestamp and nonce are checked: IdentityVerificationIT)
        RULES.put("POST /api/v1/simulator/cardholders", STAFF);
        // the issuer simulator: cards for load runs and tests, opened by staff (where the demo issuer runs)
        RULES.put("POST /api/v1/simulator/issuer-cards", STAFF);
        RULES.put("POST /sim/identity/v1/four-elements", EVERYONE);
        // RULES-END
    }

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        TestStack.register(registry, "tms_matrix");
    }

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final HttpClient http = HttpClient.newHttpClient();

    /** Every endpoint of the application, as "METHOD pattern". */
    List<String> endpoints() {
        Set<String> out = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (pattern.equals("/error")) {
                    continue;
                }
                if (methods.isEmpty()) {
                    out.add("GET " + pattern);
                } else {
                    methods.forEach(m -> out.add(m.name() + " " + pattern));
                }
            }
        });
        return new ArrayList<>(out);
    }

    @Test
    void everyEndpointHasARuleAndEveryRoleGetsExactlyWhatTheRuleSays() throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("applicant", TestStack.userToken("applicant1"));
        tokens.put("merchant", TestStack.userToken("merchant1"));
        tokens.put("staff", TestStack.userToken("staff1"));
        tokens.put("admin", TestStack.userToken("admin"));
        tokens.put(
                "tms-client",
                TestStack.token(
                        "grant_type=client_credentials&client_id=shanfu-portal-tms&client_secret=shanfu-portal-tms-secret"));
        boolean record = Boolean.getBoolean("shanfu.matrix.record");
        List<String> unruled = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        StringBuilder recorded = new StringBuilder();
        for (String endpoint : endpoints()) {
            Set<String> allowed = RULES.get(endpoint);
            if (allowed == null && !record) {
                unruled.add(endpoint);
                continue;
            }
            Set<String> observed = new TreeSet<>();
            for (String role : ROLES) {
                int status = call(endpoint, tokens.get(role));
                boolean refused = status == 401 || status == 403;
                if (!refused) {
                    observed.add(role);
                }
                if (allowed != null && allowed.contains(role) == refused) {
                    wrong.add(endpoint + " as " + role + ": " + status
                            + (refused ? " (refused, rule allows)" : " (not refused)"));
                }
            }
            recorded.append("        RULES.put(\"")
                    .append(endpoint)
                    .append("\", Set.of(")
                    .append(String.join(
                            ", ", observed.stream().map(r -> "\"" + r + "\"").toList()))
                    .append("));\n");
        }
        if (record) {
            System.out.println("RULES (observed):\n" + recorded);
        }
        assertThat(unruled)
                .as("endpoints without a rule in RoleMatrixIT.RULES: add one")
                .isEmpty();
        assertThat(wrong).as("calls whose outcome is not what the rule says").isEmpty();
        assertThat(RULES.keySet())
                .as("rules for endpoints that no longer exist")
                .isSubsetOf(endpoints());
    }

    private int call(String endpoint, String token) throws Exception {
        String method = endpoint.substring(0, endpoint.indexOf(' '));
        String path = endpoint.substring(endpoint.indexOf(' ') + 1);
        for (var v : PATH_VALUES.entrySet()) { // values of the right form, so a refusal is never a form error
            path = path.replace("{" + v.getKey() + "}", v.getValue());
        }
        path = path.replaceAll("\\{action:([a-z]+)[^}]*}", "$1")
                .replaceAll("\\{[^}]*}", "1")
                .replace("/**", "/x");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString("{}");
        b.method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody() : body);
        return TestStack.recorded(http.send(b.build(), HttpResponse.BodyHandlers.ofString()))
                .statusCode();
    }
}
