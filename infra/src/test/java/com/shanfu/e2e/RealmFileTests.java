package com.shanfu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The realm file every run imports: no public client may take passwords directly (only the test stack turns the
 * password grant of shanfu-cli on, after import), and the browser flow asks the holders of second-factor — staff
 * and admin, through their roles — for a TOTP code that they must set up if they have none.
 */
class RealmFileTests {

    private final JsonNode realm = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper()
                    .readTree(Path.of("keycloak", "shanfu-realm.json").toFile());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void noPublicClientTakesPasswords() {
        for (JsonNode c : realm.get("clients")) {
            if (c.path("publicClient").asBoolean(false)) {
                assertThat(c.path("directAccessGrantsEnabled").asBoolean(true))
                        .as("direct grants of the public client "
                                + c.get("clientId").asText())
                        .isFalse();
            }
        }
    }

    @Test
    void staffAndAdminsMustGiveATotpCode() {
        for (JsonNode role : realm.get("roles").get("realm")) {
            String name = role.get("name").asText();
            if (name.equals("staff") || name.equals("admin")) {
                assertThat(role.path("composites").path("realm").toString())
                        .as(name)
                        .contains("\"second-factor\"");
            }
        }
        assertThat(realm.get("browserFlow").asText()).isEqualTo("shanfu browser");
        JsonNode forms = flow("shanfu browser forms");
        assertThat(executions(forms))
                .startsWith("auth-username-password-form REQUIRED", "shanfu staff second factor CONDITIONAL");
        assertThat(executions(flow("shanfu staff second factor")))
                .containsExactly("conditional-user-role REQUIRED staff and admins", "auth-otp-form REQUIRED");
        JsonNode config = null;
        for (JsonNode c : realm.get("authenticatorConfig")) {
            if (c.get("alias").asText().equals("staff and admins")) {
                config = c.get("config");
            }
        }
        assertThat(config).isNotNull();
        assertThat(config.get("condUserRole").asText()).isEqualTo("second-factor");
        assertThat(config.get("negate").asText()).isEqualTo("false");
        assertThat(realm.get("otpPolicyCodeReusable").asBoolean())
                .as("each code once")
                .isFalse();
    }

    private JsonNode flow(String alias) {
        for (JsonNode f : realm.get("authenticationFlows")) {
            if (f.get("alias").asText().equals(alias)) {
                return f;
            }
        }
        throw new AssertionError("no flow " + alias);
    }

    private static List<String> executions(JsonNode flow) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : flow.get("authenticationExecutions")) {
            String what = e.has("flowAlias")
                    ? e.get("flowAlias").asText()
                    : e.get("authenticator").asText();
            String line = what + " " + e.get("requirement").asText();
            out.add(
                    e.has("authenticatorConfig")
                            ? line + " " + e.get("authenticatorConfig").asText()
                            : line);
        }
        return out;
    }
}
