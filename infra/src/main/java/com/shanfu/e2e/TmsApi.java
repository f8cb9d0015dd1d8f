package com.shanfu.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The TMS REST API as an operator calls it, with a real Keycloak token. */
public final class TmsApi {

    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newHttpClient();

    public TmsApi(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** A user's token by the password grant, which only the test stack's realm allows; staff add their TOTP code. */
    public static String token(String keycloak, String user, String password) throws Exception {
        String form = "grant_type=password&client_id=shanfu-cli&username=" + user + "&password=" + password;
        return field(
                tokenRequest(keycloak, DemoTotp.has(user) ? form + "&totp=" + DemoTotp.code(user) : form),
                "access_token");
    }

    /** The operations client's token (client credentials): what the demo uses outside the test stack. */
    public static String opsToken(String keycloak) throws Exception {
        String secret = System.getenv().getOrDefault("SHANFU_OPS_CLIENT_SECRET", "shanfu-ops-secret");
        return field(
                tokenRequest(keycloak, "grant_type=client_credentials&client_id=shanfu-ops&client_secret=" + secret),
                "access_token");
    }

    private static HttpResponse<String> tokenRequest(String keycloak, String form) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(keycloak + "/realms/shanfu/protocol/openid-connect/token"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    public String registerMerchant(String externalRef, String name) throws Exception {
        return field(
                post(
                        "/api/v1/merchants",
                        "{\"externalRef\":\"" + externalRef + "\",\"name\":\"" + name
                                + "\",\"city\":\"上海\",\"mcc\":\"5411\"}"),
                "mid");
    }

    /** Ships a device to the merchant: serial and activation code. */
    public String[] ship(String shipmentRef, String mid) throws Exception {
        HttpResponse<String> r = post(
                "/api/v1/shipments",
                "{\"shipmentRef\":\"" + shipmentRef + "\",\"mid\":\"" + mid + "\",\"model\":\"SF-P2\"}");
        return new String[] {field(r, "serial"), field(r, "activationCode")};
    }

    /** Opens a card for this person at the TMS's simulated bank, so identity verification knows them. */
    public void openCard(Person p, String card, String type) throws Exception {
        HttpResponse<String> r = post(
                "/api/v1/simulator/cardholders",
                "{\"name\":\"" + p.name() + "\",\"idNumber\":\""
                        + p.idNumber() + "\",\"cardNumber\":\"" + card + "\",\"mobile\":\"" + p.mobile()
                        + "\",\"cardType\":\""
                        + type + "\"}");
        if (r.statusCode() != 201) {
            throw new AssertionError("opening a card answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** Asks the terminal that took a sale to refund part of it (the merchant's refund queue). */
    public void requestRefund(String mid, long txnId, long amountFen, String requestRef) throws Exception {
        HttpResponse<String> r = post(
                "/api/v1/merchants/" + mid + "/refund-requests",
                "{\"txnId\":" + txnId + ",\"amountFen\":" + amountFen + ",\"requestRef\":\"" + requestRef
                        + "\",\"requestedBy\":\"failover-test\"}");
        if (r.statusCode() != 201) {
            throw new IllegalStateException("refund request answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** Opens a card account at the issuer simulator (PIN 123456): a load run's own card, never a demo card. */
    public void openIssuerCard(String pan, long balanceFen) throws Exception {
        HttpResponse<String> r = post(
                "/api/v1/simulator/issuer-cards",
                "{\"pan\":\"" + pan + "\",\"expiryYymm\":\"3112\",\"cardType\":\"DEBIT\",\"balanceFen\":" + balanceFen
                        + "}");
        if (r.statusCode() != 201) {
            throw new AssertionError("opening an issuer card answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** How many devices of the model are in stock. */
    public long inStock(String model) throws Exception {
        HttpResponse<String> r = send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/models"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"code\":\"" + model + "\"[^}]*\"inStock\":(\\d+)")
                .matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new AssertionError("no stock of " + model + " in " + r.body());
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * Adds a device of the model to stock. Without a public key it is provisioned when first shipped, which only a
     * demo TMS does (its factory is the demo factory folder): what a load run uses when the demo stock runs short.
     */
    public void addToStock(String serial, String model) throws Exception {
        HttpResponse<String> r = post("/api/v1/devices", "{\"serial\":\"" + serial + "\",\"model\":\"" + model + "\"}");
        if (r.statusCode() != 201) {
            throw new AssertionError("adding " + serial + " to stock answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** Publishes a configuration template; returns the rollout's batch reference. */
    public String publishConfig(String settingsJson, String note) throws Exception {
        return field(
                post("/api/v1/config/versions", "{\"settings\":" + settingsJson + ",\"note\":\"" + note + "\"}"),
                "batchRef");
    }

    /** The rollout's task count in this state (PENDING, DELIVERED, APPLIED, FAILED). */
    public long rolloutCount(String batchRef, String status) throws Exception {
        HttpResponse<String> r = get("/api/v1/rollouts/" + batchRef);
        Matcher m = Pattern.compile("\"" + status + "\":(\\d+)").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new AssertionError("rollout " + batchRef + ": " + r.statusCode() + " " + r.body());
        }
        return Long.parseLong(m.group(1));
    }

    /** Pushes a task to one terminal; returns the rollout's batch reference. */
    public String pushToTerminal(String serial, String kind, String payloadJson) throws Exception {
        return field(
                post(
                        "/api/v1/groups/TERMINAL/tasks?key=" + serial,
                        "{\"kind\":\"" + kind + "\",\"payload\":" + payloadJson + "}"),
                "batchRef");
    }

    /** Asks one terminal for its recent log (a LOG_UPLOAD task). */
    public void requestLog(String serial) throws Exception {
        HttpResponse<String> r = post("/api/v1/devices/" + serial + "/logs", "{}");
        if (r.statusCode() != 200) {
            throw new AssertionError("asking " + serial + " for its log: " + r.statusCode() + " " + r.body());
        }
    }

    /** Pushes a task to one terminal as a group of one; the TMS's answer as it came (status and body), refused or not. */
    public String pushToGroupStatus(String serial, String kind) throws Exception {
        HttpResponse<String> r =
                post("/api/v1/groups/TERMINAL/tasks?key=" + serial, "{\"kind\":\"" + kind + "\",\"payload\":{}}");
        return r.statusCode() + " " + r.body();
    }

    /** Swaps a device: the new serial and its activation code. */
    public String[] replace(String serial, String reason) throws Exception {
        HttpResponse<String> r = post("/api/v1/devices/" + serial + "/replace", "{\"reason\":\"" + reason + "\"}");
        return new String[] {field(r, "serial"), field(r, "activationCode"), field(r, "mid")};
    }

    /** Makes the payout run of a value date (admin or the portal's client); returns the HTTP status. */
    public int runPayouts(java.time.LocalDate valueDate) throws Exception {
        return post("/api/v1/payout-runs?valueDate=" + valueDate, "").statusCode();
    }

    /** suspend, resume or retire; returns the HTTP status. */
    public int lifecycle(String serial, String action, String reason) throws Exception {
        return post("/api/v1/devices/" + serial + "/" + action, "{\"reason\":\"" + reason + "\"}")
                .statusCode();
    }

    /** Runs the books check (admin) and returns its report as text; it starts "BOOKS BALANCE" when all agrees. */
    public String booksCheck() throws Exception {
        HttpResponse<String> r = send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/books/checks"))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "text/plain")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("books check answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A body of bytes sent with PUT (a software package), the answer as it came. */
    public HttpResponse<String> putBytes(String path, byte[] body) throws Exception {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A JSON body sent with POST, the answer as it came (refused or not). */
    public HttpResponse<String> postJson(String path, String json) throws Exception {
        return post(path, json);
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String field(HttpResponse<String> r, String name) {
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError(r.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + r.body());
        }
        return m.group(1);
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws Exception {
        return HttpRecorder.recorded(http.send(request, body));
    }
}
