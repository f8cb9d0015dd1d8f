package com.shanfu.terminal.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shanfu.protocol.management.ActivationRequest;
import com.shanfu.protocol.management.ActivationResponse;
import com.shanfu.protocol.management.HeartbeatRequest;
import com.shanfu.protocol.management.HeartbeatResponse;
import com.shanfu.protocol.management.TaskResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The management channel (HTTPS/JSON, TLS 1.3) to the TMS. After activation it trusts only the CA pinned then;
 * before, the CA the device was given at the factory ({@code --tms-ca}), or the platform's trust store.
 */
public final class ManagementClient {

    private final URI base;
    private final HttpClient http;
    /** A kind or status this terminal does not know yet (a newer TMS) reads as null, and the task is refused, not the answer. */
    private final ObjectMapper json = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);

    /** {@code caPem}: the only CA to trust (PEM), or null for the platform's trust store. */
    public ManagementClient(String baseUrl, String caPem) throws HostException {
        if (baseUrl == null || !baseUrl.startsWith("https://")) {
            throw new HostException(
                    "the TMS address must be https:// (the management channel is TLS only): " + baseUrl);
        }
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (caPem != null) {
            b.sslContext(com.shanfu.protocol.tls.Tls.pinnedContext(caPem));
        }
        javax.net.ssl.SSLParameters p = new javax.net.ssl.SSLParameters();
        p.setProtocols(com.shanfu.protocol.tls.Tls.PROTOCOLS);
        this.http = b.sslParameters(p).build();
    }

    public ActivationResponse activate(ActivationRequest request) throws HostException {
        return post(ActivationRequest.PATH, request, null, ActivationResponse.class);
    }

    public HeartbeatResponse heartbeat(String credential, HeartbeatRequest request) throws HostException {
        return post(HeartbeatRequest.PATH, request, credential, HeartbeatResponse.class);
    }

    /** Long poll: answers as soon as tasks are due, or with none after {@code waitSeconds}. */
    public HeartbeatResponse poll(String credential, int waitSeconds) throws HostException {
        return send(
                HttpRequest.newBuilder(URI.create(base + TaskResult.POLL_PATH + "?waitSeconds=" + waitSeconds))
                        .timeout(Duration.ofSeconds(waitSeconds + 15))
                        .GET(),
                credential,
                HeartbeatResponse.class);
    }

    public void report(String credential, long taskId, TaskResult result) throws HostException {
        try {
            send(
                    HttpRequest.newBuilder(URI.create(base + TaskResult.PATH.replace("{id}", String.valueOf(taskId))))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(result))),
                    credential,
                    null);
        } catch (IOException e) {
            throw new HostException("cannot encode the task result: " + e.getMessage());
        }
    }

    /** The terminal's log for a {@code LOG_UPLOAD} task, as UTF-8 text (docs/fleet.md, "Remote diagnostics"). */
    public void uploadLog(String credential, long taskId, String text) throws HostException {
        send(
                HttpRequest.newBuilder(URI.create(base
                                + com.shanfu.protocol.management.LogUpload.PATH.replace(
                                        "{id}", String.valueOf(taskId))))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "text/plain; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(text, java.nio.charset.StandardCharsets.UTF_8)),
                credential,
                null);
    }

    /**
     * Downloads a software package into {@code part}, going on from its {@code from} bytes with a range request;
     * a server that answers the whole package instead has it written from the start.
     */
    public void download(String credential, String version, long from, java.nio.file.Path part) throws HostException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base
                        + com.shanfu.protocol.management.SoftwarePackage.DOWNLOAD_PATH.replace("{version}", version)))
                .timeout(Duration.ofMinutes(10))
                .header(HeartbeatRequest.CREDENTIAL_HEADER, credential)
                .GET();
        if (from > 0) {
            b.header("Range", "bytes=" + from + "-");
        }
        try {
            HttpResponse<java.io.InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream in = r.body()) {
                if (r.statusCode() != 200 && r.statusCode() != 206) {
                    String body = new String(in.readNBytes(8192), java.nio.charset.StandardCharsets.UTF_8);
                    throw new HostException(problem(r.statusCode(), body));
                }
                var options = r.statusCode() == 206
                        ? new java.nio.file.OpenOption[] {
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND
                        }
                        : new java.nio.file.OpenOption[] {
                            java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
                            java.nio.file.StandardOpenOption.WRITE
                        };
                try (var out = java.nio.file.Files.newOutputStream(part, options)) {
                    in.transferTo(out); // what arrived stays when the line breaks: the next try goes on from there
                }
            }
        } catch (ConnectException e) {
            throw new HostException("TMS unavailable at " + base + ": connection refused");
        } catch (IOException e) {
            throw new HostException(
                    "the download of " + version + " broke off (it goes on at the next try): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException("interrupted");
        }
    }

    private <T> T send(HttpRequest.Builder b, String credential, Class<T> type) throws HostException {
        try {
            if (credential != null) {
                b.header(HeartbeatRequest.CREDENTIAL_HEADER, credential);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new HostException(problem(r));
            }
            return type == null ? null : json.readValue(r.body(), type);
        } catch (ConnectException e) {
            throw new HostException("TMS unavailable at " + base + ": connection refused");
        } catch (IOException e) {
            throw new HostException("TMS unavailable at " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException("interrupted");
        }
    }

    private <T> T post(String path, Object body, String credential, Class<T> type) throws HostException {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            if (credential != null) {
                b.header(HeartbeatRequest.CREDENTIAL_HEADER, credential);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new HostException(problem(r));
            }
            return json.readValue(r.body(), type);
        } catch (ConnectException e) {
            throw new HostException("TMS unavailable at " + base + ": connection refused");
        } catch (IOException e) {
            throw new HostException("TMS unavailable at " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException("interrupted");
        }
    }

    private String problem(HttpResponse<String> r) {
        return problem(r.statusCode(), r.body());
    }

    private String problem(int status, String body) {
        try {
            JsonNode n = json.readTree(body);
            if (n.hasNonNull("detail")) {
                return n.get("detail").asText()
                        + (n.hasNonNull("code") ? " (" + n.get("code").asText() + ")" : "");
            }
        } catch (IOException ignored) {
            // not a problem document
        }
        return "TMS answered HTTP " + status;
    }
}
