package com.shanfu.e2e;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person signed in to the portal over plain HTTP, as a browser is: the authorization code flow through Keycloak's
 * login form, the cookies a browser keeps (the portal's session, HAProxy's instance cookie, Keycloak's single sign-on
 * cookie), redirects followed one by one. The cluster's failover test uses it to tell whether a signed-in merchant
 * kept their session when a portal or Keycloak instance went away, or was signed in again.
 */
public final class PortalSession {

    /** What a request to a signed-in page met. */
    public enum Visit {
        /** the page, on the session the person had */
        SESSION_KEPT,
        /** the portal asked Keycloak again, which signed the person in from its own session: no password asked */
        SIGNED_IN_AGAIN_BY_SSO,
        /** Keycloak's login form: the person must type their password again */
        PASSWORD_ASKED,
        /** an error page or no answer */
        FAILED
    }

    private static final Pattern FORM_ACTION =
            Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern FORM_ACTION_ANY =
            Pattern.compile("action=\"([^\"]+login-actions/authenticate[^\"]*)\"");

    private final String portal;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    /** cookies by host:port (a browser's jar, without paths: every cookie here is for its whole origin) */
    private final Map<String, Map<String, String>> jar = new ConcurrentHashMap<>();

    public PortalSession(String portal) {
        this.portal = portal;
    }

    /** Signs in with the password: the portal's page, its redirect to Keycloak, the form, the way back. */
    public void signIn(String user, String password, String page) throws Exception {
        Hop hop = follow(URI.create(portal + page), null);
        if (hop.loginForm() == null) {
            throw new IllegalStateException("no Keycloak login form on the way to " + page + " (" + hop.status() + ")");
        }
        String form = "username=" + enc(user) + "&password=" + enc(password) + "&credentialId=";
        Hop after = follow(URI.create(hop.loginForm()), form);
        if (after.status() != 200 || !after.uri().toString().startsWith(portal)) {
            throw new IllegalStateException(
                    "signing in as " + user + " ended at " + after.uri() + " (" + after.status() + ")");
        }
    }

    /** Opens a signed-in page and says how the person got it. */
    public Visit visit(String page) {
        try {
            Hop hop = follow(URI.create(portal + page), null);
            if (hop.loginForm() != null) {
                return Visit.PASSWORD_ASKED;
            }
            if (hop.status() != 200 || !hop.uri().toString().startsWith(portal + page)) {
                return Visit.FAILED;
            }
            return hop.viaKeycloak() ? Visit.SIGNED_IN_AGAIN_BY_SSO : Visit.SESSION_KEPT;
        } catch (Exception e) {
            return Visit.FAILED;
        }
    }

    /** The portal instance HAProxy keeps this person on (its cookie), or null. */
    public String instanceCookie(String name) {
        URI u = URI.create(portal);
        return jar.getOrDefault(u.getHost() + ":" + u.getPort(), Map.of()).get(name);
    }

    private record Hop(URI uri, int status, String loginForm, boolean viaKeycloak) {}

    private Hop follow(URI uri, String postForm) throws Exception {
        boolean viaKeycloak = false;
        String body = postForm;
        for (int i = 0; i < 12; i++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30))
                    // a browser's navigation: the portal answers a page (or sends to sign in), not an API's 401
                    .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                    .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Shanfu failover test");
            String cookies = cookieHeader(uri);
            if (!cookies.isEmpty()) {
                b.header("Cookie", cookies);
            }
            if (body != null) {
                b.header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            keep(uri, r);
            body = null;
            if (uri.getPath().contains("/protocol/openid-connect/auth")) {
                viaKeycloak = true;
            }
            int status = r.statusCode();
            if (status >= 300 && status < 400) {
                uri = uri.resolve(r.headers().firstValue("Location").orElseThrow());
                continue;
            }
            String form = null;
            if (status == 200 && uri.getPath().contains("/realms/")) {
                Matcher m = FORM_ACTION.matcher(r.body());
                Matcher any = FORM_ACTION_ANY.matcher(r.body());
                if (m.find()) {
                    form = m.group(1).replace("&amp;", "&");
                } else if (any.find()) {
                    form = any.group(1).replace("&amp;", "&");
                }
            }
            return new Hop(uri, status, form, viaKeycloak);
        }
        throw new IllegalStateException("more than 12 redirects from " + uri);
    }

    private void keep(URI uri, HttpResponse<?> r) {
        Map<String, String> origin = jar.computeIfAbsent(uri.getHost() + ":" + port(uri), k -> new LinkedHashMap<>());
        for (String set : r.headers().allValues("Set-Cookie")) {
            String pair = set.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1).strip();
            boolean expired = set.toLowerCase().contains("max-age=0") || value.isEmpty();
            synchronized (origin) {
                if (expired) {
                    origin.remove(name);
                } else {
                    origin.put(name, value);
                }
            }
        }
    }

    private String cookieHeader(URI uri) {
        Map<String, String> origin = jar.getOrDefault(uri.getHost() + ":" + port(uri), Map.of());
        StringBuilder h = new StringBuilder();
        synchronized (origin) {
            origin.forEach((k, v) ->
                    h.append(h.isEmpty() ? "" : "; ").append(k).append('=').append(v));
        }
        return h.toString();
    }

    private static int port(URI u) {
        return u.getPort() > 0 ? u.getPort() : ("https".equals(u.getScheme()) ? 443 : 80);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
