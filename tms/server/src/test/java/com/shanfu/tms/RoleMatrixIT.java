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
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "shanfu.iso.port=0")
class RoleMatrixIT {

    static final List<String> ROLES = List.of("anonymous", "applicant", "merchant", "staff", "admin", "tms-client");
    static final Set<String> API = Set.of("staff", "admin", "tms-client");
    static final Set<String> ADMIN_OR_PORTAL = Set.of("admin", "tms-client");
    static final Set<String> STAFF = Set.of("staff", "admin");
    static final Set<String> NOBODY = Set.of();
    static final Set<String> EVERYONE = Set.copyOf(ROLES);

    /** METHOD path → the roles allowed. */
    static final Map<String, Set<String>> RULES = new TreeMap<>();

    static {
        // RULES-BEGIN
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
        tokens.put("tms-client", TestStack.token(
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
                    wrong.add(endpoint + " as " + role + ": " + status + (refused ? " (refused, rule allows)" : " (not refused)"));
                }
            }
            recorded.append("        RULES.put(\"").append(endpoint).append("\", Set.of(")
                    .append(String.join(", ", observed.stream().map(r -> "\"" + r + "\"").toList())).append("));\n");
        }
        if (record) {
            System.out.println("RULES (observed):\n" + recorded);
        }
        assertThat(unruled).as("endpoints without a rule in RoleMatrixIT.RULES: add one").isEmpty();
        assertThat(wrong).as("calls whose outcome is not what the rule says").isEmpty();
        assertThat(RULES.keySet()).as("rules for endpoints that no longer exist").isSubsetOf(endpoints());
    }

    private int call(String endpoint, String token) throws Exception {
        String method = endpoint.substring(0, endpoint.indexOf(' '));
        String path = endpoint.substring(endpoint.indexOf(' ') + 1).replaceAll("\\{[^}]*}", "1").replace("/**", "/x");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                .header("Content-Type", "application/json").header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString("{}");
        b.method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody() : body);
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
