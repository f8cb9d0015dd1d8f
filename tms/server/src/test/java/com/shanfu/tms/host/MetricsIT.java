package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.protocol.tls.Tls;
import com.shanfu.tms.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The TMS's metrics on {@code /actuator/prometheus}: only with a token of the metrics client (or an admin's), and
 * with the host's answers by type and response code, the fleet's gauges and the JVM's. Real Keycloak tokens, a real
 * terminal over TLS.
 */
// Spring Boot's tests leave metrics export off unless asked: on, as in the running application
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability(tracing = false)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"shanfu.demo=true", "shanfu.metrics.count-every=200"})
class MetricsIT extends HostTestBase {

    static final int ISO_PORT = TestStack.freePort();

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        TestStack.registerHost(registry, "tms_metrics", ISO_PORT);
    }

    @Test
    void the_host_answers_and_the_fleet_are_scraped_with_the_metrics_clients_token_only() throws Exception {
        HostTerminal t = terminal("Metrics shop");
        assertThat(t.rc(t.purchase(t.nextStan(), 1, 1200))).isEqualTo("00");
        assertThat(t.rc(t.purchase(t.nextStan(), 1, 1300))).isEqualTo("00");

        assertThat(scrape(null).statusCode()).as("no token").isEqualTo(401);
        assertThat(scrape(TestStack.userToken("staff1")).statusCode())
                .as("a staff member's token")
                .isEqualTo(403);
        String token = TestStack.token(
                "grant_type=client_credentials&client_id=shanfu-metrics&client_secret=shanfu-metrics-secret");
        jdbc.update("update device set last_seen_at = now(3) where tid = ?", t.terminal.tid()); // its heartbeat
        Thread.sleep(1_000); // the gauges are counted every 200 ms here
        HttpResponse<String> r = scrape(token);
        assertThat(r.statusCode()).isEqualTo(200);
        String body = r.body();
        assertThat(value(body, "shanfu_host_requests_seconds_count\\{rc=\"00\",type=\"purchase\"\\}"))
                .as("approved purchases")
                .isGreaterThanOrEqualTo(2);
        assertThat(value(body, "shanfu_host_requests_seconds_count\\{rc=\"00\",type=\"sign-on\"\\}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(body).contains("shanfu_host_requests_seconds_bucket{rc=\"00\",type=\"purchase\",le=\"");
        assertThat(value(body, "shanfu_terminals_online"))
                .as("the terminal just heard")
                .isGreaterThanOrEqualTo(1);
        assertThat(body).contains("shanfu_books_differences", "jvm_memory_used_bytes"); // push tasks: none yet
        assertThat(body)
                .as("the jPOS transaction manager's own meters, in the same registry")
                .contains("jpos_tm_");
    }

    private HttpResponse<String> scrape(String token) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/actuator/prometheus"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newBuilder()
                .sslContext(Tls.pinnedContext(TestStack.caPem()))
                .build()
                .send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double value(String body, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(body);
        assertThat(m.find()).as("series %s in the scrape", series).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
