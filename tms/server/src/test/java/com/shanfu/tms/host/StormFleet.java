package com.shanfu.tms.host;

import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.MessageMac;
import com.shanfu.protocol.iso.Messages;
import com.shanfu.protocol.iso.Parameters;
import com.shanfu.protocol.iso.ShanfuPackager;
import com.shanfu.protocol.iso.WorkingKeys;
import com.shanfu.protocol.management.HeartbeatRequest;
import com.shanfu.protocol.tls.Tls;
import com.shanfu.tms.BenchFleet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.NACChannel;

/**
 * The terminals of the morning storm, in a process of their own (so that the TMS's memory and CPU are its own):
 * {@code StormFleet ISO_PORT HTTP_PORT CA_PEM TERMINALS ARRIVAL_SECONDS LIMIT_SECONDS}. TERMINALS has a line per
 * terminal ({@code tid mid serial tmk-hex credential}); the fleet reads it and deletes it (it holds clear TMKs). Each
 * terminal wakes at a random moment of the arrival window, signs on (working keys under its TMK), downloads the EMV
 * parameters on a second connection and sends its heartbeat. Prints {@code STARTED n} when all are under way, then,
 * when all are done or the limit passed, a {@code DONE ms} line per finished terminal (from the start), its errors
 * ({@code ERROR count text}), {@code RETRIES n}, {@code CPU ms} and {@code RSS KiB}, and exits.
 */
public final class StormFleet {

    private final int isoPort;
    private final int httpPort;
    private final String ca;
    private final HttpClient http;
    private final long deadline;
    private final ConcurrentLinkedQueue<Long> done = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
    private final LongAdder retries = new LongAdder();

    private StormFleet(int isoPort, int httpPort, String ca, long deadline) throws Exception {
        this.isoPort = isoPort;
        this.httpPort = httpPort;
        this.ca = ca;
        this.deadline = deadline;
        this.http = HttpClient.newBuilder()
                .sslContext(Tls.pinnedContext(ca))
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    record Terminal(String tid, String mid, String serial, byte[] tmk, String credential) {}

    public static void main(String[] args) throws Exception {
        int isoPort = Integer.parseInt(args[0]);
        int httpPort = Integer.parseInt(args[1]);
        String ca = Files.readString(Path.of(args[2]));
        Path file = Path.of(args[3]);
        List<Terminal> terminals = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(" ");
            terminals.add(new Terminal(f[0], f[1], f[2], HexFormat.of().parseHex(f[3]), f[4]));
        }
        Files.delete(file);
        long arrivals = Duration.ofSeconds(Long.parseLong(args[4])).toNanos();
        long start = System.nanoTime();
        StormFleet fleet = new StormFleet(
                isoPort,
                httpPort,
                ca,
                start + Duration.ofSeconds(Long.parseLong(args[5])).toNanos());
        List<Thread> threads = new ArrayList<>();
        for (Terminal t : terminals) {
            long wake = start + ThreadLocalRandom.current().nextLong(arrivals);
            threads.add(Thread.ofVirtual().start(() -> {
                LockSupport.parkNanos(wake - System.nanoTime());
                try {
                    fleet.wakeUp(t);
                    fleet.done.add((System.nanoTime() - start) / 1_000_000);
                } catch (Exception e) {
                    String kind = (e.getClass().getSimpleName() + ": " + e.getMessage()).replace('\n', ' ');
                    fleet.errors
                            .computeIfAbsent(
                                    kind.length() > 120 ? kind.substring(0, 120) : kind, k -> new AtomicInteger())
                            .incrementAndGet();
                }
            }));
        }
        System.out.println("STARTED " + terminals.size());
        System.out.flush();
        for (Thread th : threads) {
            th.join(Math.max(1, (fleet.deadline - System.nanoTime()) / 1_000_000 + 30_000));
        }
        StringBuilder out = new StringBuilder();
        fleet.done.forEach(ms -> out.append("DONE ").append(ms).append('\n'));
        fleet.errors.forEach(
                (k, v) -> out.append("ERROR ").append(v).append(' ').append(k).append('\n'));
        out.append("RETRIES ").append(fleet.retries.sum()).append('\n');
        out.append("CPU ")
                .append(BenchFleet.cpuMillis(ProcessHandle.current().pid()))
                .append('\n');
        out.append("RSS ").append(BenchFleet.rssKiB()).append('\n');
        System.out.print(out);
        System.out.flush();
        System.exit(0);
    }

    /** One terminal's morning: sign-on, parameter download, configuration. */
    private void wakeUp(Terminal t) throws Exception {
        Messages.Terminal id = new Messages.Terminal(t.tid(), t.mid());
        ISOMsg signOn = HostTerminal.signOnRequest(id, t.serial(), t.tmk());
        WorkingKeys keys;
        NACChannel c = connected(t.tid());
        try {
            c.send(signOn);
            keys = HostTerminal.openSignOn(signOn, c.receive(), t.tmk());
        } finally {
            c.disconnect();
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("time limit reached after the sign-on");
        }
        NACChannel p = connected(t.tid());
        try {
            int[] stan = {10};
            for (Parameters.CaKeyRef ref :
                    Parameters.parseCaKeyList(ask(p, id, keys, stan, Field60.CA_KEY_LIST, null))) {
                Parameters.parseCaKey(ask(
                        p, id, keys, stan, Field60.CA_KEY_DOWNLOAD, Parameters.caKeyRequest(ref.rid(), ref.index())));
            }
            ask(p, id, keys, stan, Field60.CA_KEY_END, null);
            for (String aid : Parameters.parseAidList(ask(p, id, keys, stan, Field60.AID_LIST, null))) {
                Parameters.parseAid(ask(p, id, keys, stan, Field60.AID_DOWNLOAD, Parameters.aidRequest(aid)));
            }
            ask(p, id, keys, stan, Field60.AID_END, null);
        } finally {
            p.disconnect();
        }
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + httpPort + HeartbeatRequest.PATH))
                        .header("Content-Type", "application/json")
                        .header(HeartbeatRequest.CREDENTIAL_HEADER, t.credential())
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"tid\":\"" + t.tid() + "\",\"softwareVersion\":\"1.0.0\",\"batch\":1}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("heartbeat answered " + r.statusCode());
        }
    }

    /**
     * A connection as a terminal makes it in a storm: a refused or reset connect is tried again after a growing,
     * jittered pause (0.5, 1, 2, 4, 8 s), as terminals do, until the run's time limit.
     */
    private NACChannel connected(String tid) throws Exception {
        long pause = 500;
        while (true) {
            NACChannel c = ShanfuPackager.clientChannel("127.0.0.1", isoPort, 30_000, ca, tid);
            try {
                c.connect();
                return c;
            } catch (IOException e) {
                if (System.nanoTime() + pause * 1_000_000 > deadline) {
                    throw e;
                }
                retries.increment();
                Thread.sleep(pause / 2 + ThreadLocalRandom.current().nextLong(pause));
                pause = Math.min(pause * 2, 8_000);
            }
        }
    }

    private static byte[] ask(
            NACChannel channel, Messages.Terminal id, WorkingKeys keys, int[] stan, String code, byte[] request)
            throws Exception {
        ISOMsg m = Messages.parameters(id, ++stan[0], 1, code, request, LocalDateTime.now());
        MessageMac.sign(m, keys.macKey());
        channel.send(m);
        ISOMsg r = channel.receive();
        if (!"00".equals(r.getString(39)) || !MessageMac.verify(r, keys.macKey())) {
            throw new IllegalStateException("parameter download " + code + " answered " + r.getString(39));
        }
        return r.hasField(62) ? r.getBytes(62) : new byte[0];
    }
}
