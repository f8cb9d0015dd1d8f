package com.shanfu.tms.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shanfu.protocol.management.HeartbeatRequest;
import com.shanfu.protocol.management.TaskResult;
import com.shanfu.protocol.tls.Tls;
import com.shanfu.tms.BenchFleet;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;

/**
 * The terminals of the push benchmark, in a process of their own (so that the TMS's memory is its own, and each side
 * has its own open-file limit for the 10,000 connections): {@code PushFleet PORT CA_PEM CREDENTIALS ARRIVAL_SECONDS}.
 * Each terminal (a credential per line) opens the long poll at a random moment of the arrival window and makes it
 * again whenever it ends empty; when a configuration task comes, it reports it applied and stops. Reads "stop" on
 * standard input; then prints one line per terminal that received its task ({@code RECEIVED epochMillis}) and per applied one ({@code APPLIED epochMillis}), its errors ({@code ERROR
 * count text}) and its resident memory ({@code RSS KiB}), and exits.
 */
public final class PushFleet {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final List<HttpClient> clients = new ArrayList<>();
    private final ConcurrentLinkedQueue<Long> applied = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> received = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
    private final LongAdder polls = new LongAdder();
    private volatile boolean stop;

    private PushFleet(int port, SSLContext tls) {
        this.port = port;
        for (int i = 0; i < 16; i++) { // as many selector threads: one client for 10,000 connections is the bottleneck
            clients.add(HttpClient.newBuilder()
                    .sslContext(tls)
                    .connectTimeout(Duration.ofSeconds(30))
                    .build());
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String ca = Files.readString(Path.of(args[1]));
        List<String> credentials = Files.readAllLines(Path.of(args[2]));
        long arrivals = Duration.ofSeconds(Long.parseLong(args[3])).toNanos();
        PushFleet fleet = new PushFleet(port, Tls.pinnedContext(ca));
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < credentials.size(); i++) {
            String credential = credentials.get(i);
            HttpClient http = fleet.clients.get(i % fleet.clients.size());
            long wake = start + ThreadLocalRandom.current().nextLong(arrivals);
            threads.add(Thread.ofVirtual().start(() -> {
                LockSupport.parkNanos(wake - System.nanoTime());
                fleet.terminal(credential, http);
            }));
        }
        System.out.println("STARTED " + credentials.size());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("stop"); line = in.readLine()) {
            // the benchmark says when; its end (standard input closed) stops the fleet too
        }
        fleet.stop = true;
        StringBuilder out = new StringBuilder();
        fleet.applied.forEach(at -> out.append("APPLIED ").append(at).append('\n'));
        fleet.received.forEach(at -> out.append("RECEIVED ").append(at).append('\n'));
        fleet.errors.forEach(
                (k, v) -> out.append("ERROR ").append(v).append(' ').append(k).append('\n'));
        out.append("POLLS ").append(fleet.polls.sum()).append('\n');
        out.append("RSS ").append(BenchFleet.rssKiB()).append('\n');
        System.out.print(out);
        System.out.flush();
        System.exit(0);
    }

    /** One terminal: polls until its configuration task comes, then reports it applied. */
    private void terminal(String credential, HttpClient http) {
        URI poll = URI.create(
                "https://localhost:" + port + TaskResult.POLL_PATH + "?waitSeconds=" + TaskResult.MAX_WAIT_SECONDS);
        while (!stop) {
            try {
                polls.increment();
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(poll)
                                .header(HeartbeatRequest.CREDENTIAL_HEADER, credential)
                                .timeout(Duration.ofSeconds(TaskResult.MAX_WAIT_SECONDS + 30))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("poll answered " + r.statusCode());
                }
                for (JsonNode task : JSON.readTree(r.body()).path("tasks")) {
                    if (!"CONFIG".equals(task.path("type").asText())) {
                        continue;
                    }
                    received.add(System.currentTimeMillis());
                    int version = JSON.readTree(task.path("payload").asText())
                            .path("version")
                            .asInt();
                    HttpResponse<Void> ack = http.send(
                            HttpRequest.newBuilder(URI.create("https://localhost:" + port
                                            + TaskResult.PATH.replace(
                                                    "{id}", task.path("id").asText())))
                                    .header(HeartbeatRequest.CREDENTIAL_HEADER, credential)
                                    .header("Content-Type", "application/json")
                                    .timeout(Duration.ofSeconds(60))
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"APPLIED\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (ack.statusCode() / 100 != 2 || version <= 1) {
                        throw new IllegalStateException("task result answered " + ack.statusCode());
                    }
                    applied.add(System.currentTimeMillis());
                    return;
                }
            } catch (Exception e) {
                String kind = e.getClass().getSimpleName() + ": " + e.getMessage();
                errors.computeIfAbsent(
                                (kind.length() > 120 ? kind.substring(0, 120) : kind).replace('\n', ' '),
                                k -> new AtomicInteger())
                        .incrementAndGet();
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            }
        }
    }
}
