package com.shanfu.tms.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shanfu.protocol.management.HeartbeatRequest;
import com.shanfu.protocol.management.TaskResult;
import com.shanfu.protocol.tls.Tls;
import com.shanfu.tms.BenchFleet;
import com.shanfu.tms.TestStack;
import com.shanfu.tms.contract.Rollout;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Push tasks reach a waiting terminal however they were written: a task committed by another TMS instance (written
 * straight into the shared database, so no signal on this instance) wakes the long poll through the instance's watcher,
 * long before the poll's own wait ends; and a configuration published to many terminals at once (batched inserts)
 * still supersedes each terminal's unfinished older one and carries each terminal's own effective settings.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "shanfu.iso.port=0")
class PushDeliveryIT {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        TestStack.register(registry, "tms_push");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Configurations configurations;

    @Autowired
    PushTasks tasks;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void a_task_committed_by_another_instance_wakes_the_waiting_poll() throws Exception {
        BenchFleet.Terminal t = BenchFleet.seed(jdbc, null, 1, "W00000000000001", "WAKE")
                .terminals()
                .getFirst();
        HttpClient http = HttpClient.newBuilder()
                .sslContext(Tls.pinnedContext(TestStack.caPem()))
                .build();
        int before = tasks.waitingPolls();
        CompletableFuture<HttpResponse<String>> poll = http.sendAsync(
                HttpRequest.newBuilder(
                                URI.create("https://localhost:" + port + TaskResult.POLL_PATH + "?waitSeconds=25"))
                        .header(HeartbeatRequest.CREDENTIAL_HEADER, t.credential())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (tasks.waitingPolls() == before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(tasks.waitingPolls()).as("the poll waits in the TMS").isGreaterThan(before);

        long written = System.nanoTime();
        jdbc.update(
                "insert into push_task (device_id, kind, payload_json, status, attempts, batch_ref, created_by,"
                        + " created_at, version) values (?, 'SETTLE_NOW', '{}', 'PENDING', 0, 'other-instance',"
                        + " 'another TMS', now(3), 0)",
                t.deviceId());
        HttpResponse<String> answer = poll.get(40, TimeUnit.SECONDS);
        double waited = (System.nanoTime() - written) / 1e9;

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode due = json.readTree(answer.body()).path("tasks");
        assertThat(due).hasSize(1);
        assertThat(due.get(0).path("type").asText()).isEqualTo("SETTLE_NOW");
        // woken by the watcher (every half second), not found at the end of the poll's 25 s wait
        assertThat(waited).as("seconds from the commit to the answer").isLessThan(10);
    }

    @Test
    void a_configuration_published_to_all_supersedes_older_ones_and_keeps_each_terminals_overrides() throws Exception {
        BenchFleet fleet = BenchFleet.seed(jdbc, null, 3, "W00000000000002", "CONF");
        String mid = "W00000000000002";
        Rollout first = configurations.override("MERCHANT", mid, Map.of("receiptFooter", "本店页脚"), "test");
        assertThat(first.terminals()).isEqualTo(3);

        Map<String, Object> template =
                new LinkedHashMap<>(configurations.current().settings());
        template.put("receiptFooter", "模板页脚");
        template.put("hostRetries", 2);
        Rollout published = configurations.publish(template, "a new footer for all", "test");

        List<Long> ids =
                fleet.terminals().stream().map(BenchFleet.Terminal::deviceId).toList();
        for (Long id : ids) {
            List<Map<String, Object>> rows = jdbc.queryForList(
                    "select batch_ref, status, reason, payload_json from push_task where device_id = ? order by id",
                    id);
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0))
                    .containsEntry("batch_ref", first.batchRef())
                    .containsEntry("status", "FAILED")
                    .containsEntry("reason", "superseded by a newer task");
            assertThat(rows.get(1))
                    .containsEntry("batch_ref", published.batchRef())
                    .containsEntry("status", "PENDING");
            JsonNode payload = json.readTree((String) rows.get(1).get("payload_json"));
            assertThat(payload.path("version").asInt()).isEqualTo(published.version());
            JsonNode settings = payload.path("settings");
            assertThat(settings.path("receiptFooter").asText())
                    .as("the merchant's override wins")
                    .isEqualTo("本店页脚");
            assertThat(settings.path("hostRetries").asInt())
                    .as("the template's change arrives")
                    .isEqualTo(2);
            assertThat(settings.path("merchantName").asText()).isEqualTo("晨间商户");
        }
        assertThat(jdbc.queryForObject(
                        "select count(*) from push_task where batch_ref = ?", Long.class, published.batchRef()))
                .isEqualTo(published.terminals());
    }
}
