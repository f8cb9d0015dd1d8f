package com.shanfu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shanfu.protocol.crypto.Totp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The realm as code, on the real Keycloak the suite runs: the password policy, a 30-minute lockout after five wrong
 * passwords, a 15-minute idle timeout, and TOTP for staff and admins are in force — checked by what Keycloak does,
 * not only by its settings.
 */
class RealmSecurityIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String keycloak = E2eStack.keycloak();

    @Test
    void passwordsFollowThePolicyAndFiveWrongOnesLockTheAccountForHalfAnHour() throws Exception {
        String admin = masterToken();
        JsonNode realm =
                json.readTree(send("GET", "/admin/realms/shanfu", admin, null).body());
        assertThat(realm.get("passwordPolicy").asText())
                .contains("length(10)")
                .contains("notUsername")
                .contains("passwordHistory(3)");
        assertThat(realm.get("bruteForceProtected").asBoolean()).isTrue();
        assertThat(realm.get("permanentLockout").asBoolean()).isFalse();
        assertThat(realm.get("failureFactor").asInt()).isEqualTo(5);
        assertThat(realm.get("waitIncrementSeconds").asInt()).isEqualTo(1800);
        assertThat(realm.get("maxFailureWaitSeconds").asInt()).isEqualTo(1800);
        assertThat(realm.get("ssoSessionIdleTimeout").asInt()).isEqualTo(900);

        String username = "lockout-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = send(
                "POST",
                "/admin/realms/shanfu/users",
                admin,
                "{\"username\":\"" + username + "\",\"enabled\":true,\"email\":\"" + username + "@example.cn\","
                        + "\"firstName\":\"测\",\"lastName\":\"试\",\"emailVerified\":true}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        try {
            HttpResponse<String> weak = send(
                    "PUT",
                    "/admin/realms/shanfu/users/" + id + "/reset-password",
                    admin,
                    "{\"type\":\"password\",\"value\":\"short-1\",\"temporary\":false}");
            assertThat(weak.statusCode()).as("a 7-character password").isEqualTo(400);
            assertThat(weak.body()).containsIgnoringCase("length");
            HttpResponse<String> same = send(
                    "PUT",
                    "/admin/realms/shanfu/users/" + id + "/reset-password",
                    admin,
                    "{\"type\":\"password\",\"value\":\"" + username + "\",\"temporary\":false}");
            assertThat(same.statusCode()).as("the username as password").isEqualTo(400);
            String password = "long-enough-" + UUID.randomUUID().toString().substring(0, 6);
            assertThat(send(
                                    "PUT",
                                    "/admin/realms/shanfu/users/" + id + "/reset-password",
                                    admin,
                                    "{\"type\":\"password\",\"value\":\"" + password + "\",\"temporary\":false}")
                            .statusCode())
                    .isEqualTo(204);
            assertThat(passwordGrant(username, password))
                    .as("the right password first")
                    .isEqualTo(200);

            for (int i = 0; i < 5; i++) {
                assertThat(passwordGrant(username, "wrong-password-" + i)).isEqualTo(401);
                Thread.sleep(1100); // slower than the quick-login check, so each counts as an ordinary failure
            }
            JsonNode attack = json.readTree(
                    send("GET", "/admin/realms/shanfu/attack-detection/brute-force/users/" + id, admin, null)
                            .body());
            assertThat(attack.get("disabled").asBoolean())
                    .as("locked after five wrong passwords")
                    .isTrue();
            assertThat(passwordGrant(username, password))
                    .as("locked: even the right password is refused")
                    .isNotEqualTo(200);
        } finally {
            send("DELETE", "/admin/realms/shanfu/users/" + id, admin, null);
        }
    }

    @Test
    void staffMustSetUpTotpAtFirstSignInAndGiveACodeEachTimeAfter() throws Exception {
        String admin = masterToken();
        String username = "otp-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "long-enough-" + UUID.randomUUID().toString().substring(0, 6);
        String id = createUser(admin, username, password);
        try {
            JsonNode staff = json.readTree(
                    send("GET", "/admin/realms/shanfu/roles/staff", admin, null).body());
            assertThat(send(
                                    "POST",
                                    "/admin/realms/shanfu/users/" + id + "/role-mappings/realm",
                                    admin,
                                    "[" + staff + "]")
                            .statusCode())
                    .isEqualTo(204);
            Path work = Path.of("target", "e2e");
            String account = keycloak + "/realms/shanfu/account";
            byte[] secret;
            try (Browser b = new Browser(work)) {
                b.open(account);
                b.keycloakLogin(username, password);
                // a new staff member has no authenticator yet: Keycloak makes them set one up before anything else
                b.find(By.id("totp"));
                b.click(By.id("mode-manual"));
                secret = Totp.fromBase32(b.waitForText(By.id("kc-totp-secret-key"), ""));
                b.type("totp", Totp.code(secret, Totp.step(System.currentTimeMillis()), 6));
                b.click(By.cssSelector("#kc-totp-settings-form [type=submit]"));
                b.waitForUrl("/realms/shanfu/account");
            }
            JsonNode credentials =
                    json.readTree(send("GET", "/admin/realms/shanfu/users/" + id + "/credentials", admin, null)
                            .body());
            assertThat(credentials.findValuesAsText("type")).contains("password", "otp");

            try (Browser b = new Browser(work)) {
                b.open(account);
                b.keycloakLogin(username, password);
                String wrong = Totp.code(secret, Totp.step(System.currentTimeMillis()) - 10, 6);
                b.type("otp", wrong);
                b.click(By.id("kc-login"));
                b.find(By.id("input-error-otp"));
                assertThat(b.url()).as("a wrong code does not sign in").doesNotContain("/account/");
                b.type("otp", Totp.code(secret, Totp.step(System.currentTimeMillis()), 6));
                b.click(By.id("kc-login"));
                b.waitForUrl("/realms/shanfu/account");
            }
            assertThat(passwordGrant(username, password))
                    .as("the API too: no token without the code")
                    .isEqualTo(401);
        } finally {
            send("DELETE", "/admin/realms/shanfu/users/" + id, admin, null);
        }
    }

    @Test
    void aMerchantSignsInWithThePasswordAlone() throws Exception {
        try (Browser b = new Browser(Path.of("target", "e2e"))) {
            b.open(keycloak + "/realms/shanfu/account");
            b.keycloakLogin("merchant1", WalkingSkeleton.DEMO_PASSWORD);
            b.waitForUrl("/realms/shanfu/account");
            assertThat(b.present(By.id("otp"))).isFalse();
        }
    }

    private String createUser(String admin, String username, String password) throws Exception {
        HttpResponse<String> created = send(
                "POST",
                "/admin/realms/shanfu/users",
                admin,
                "{\"username\":\"" + username + "\",\"enabled\":true,\"email\":\"" + username + "@example.cn\","
                        + "\"firstName\":\"测\",\"lastName\":\"试\",\"emailVerified\":true,"
                        + "\"credentials\":[{\"type\":\"password\",\"value\":\"" + password
                        + "\",\"temporary\":false}]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
    }

    private int passwordGrant(String username, String password) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(keycloak + "/realms/shanfu/protocol/openid-connect/token"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "grant_type=password&client_id=shanfu-cli&username="
                                                + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                                                + URLEncoder.encode(password, StandardCharsets.UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private String masterToken() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(keycloak + "/realms/master/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "grant_type=password&client_id=admin-cli&username=admin&password=admin"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body()).get("access_token").asText();
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(keycloak + path)).header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(
                b.method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
