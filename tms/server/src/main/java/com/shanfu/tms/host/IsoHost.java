package com.shanfu.tms.host;

import com.shanfu.protocol.iso.ShanfuPackager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.jpos.core.ConfigurationException;
import org.jpos.core.SimpleConfiguration;
import org.jpos.iso.ISOServer;
import org.jpos.iso.channel.NACChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The financial channel: a jPOS ISOServer with NAC framing (2-byte length + TPDU) and the shared packager, behind
 * {@link HostConnections} (per-address limit, idle and slow-request cut). Stopping drains: the port stops accepting,
 * requests already taken are answered (up to {@code shanfu.iso.drain}), then the open connections close.
 */
@Component
class IsoHost implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IsoHost.class);

    private final HostRequestListener listener;
    private final InFlight inFlight;
    private final int port;
    private final String bindAddress;
    private final int maxSessions;
    private final int perAddress;
    private final Duration idleTimeout;
    private final Duration messageDeadline;
    private final Duration drain;
    private final int backlog;
    private final com.shanfu.tms.keys.TlsMaterial tls;
    private ISOServer server;
    private HostConnections connections;

    IsoHost(
            HostRequestListener listener,
            InFlight inFlight,
            com.shanfu.tms.keys.TlsMaterial tls,
            @Value("${shanfu.iso.port}") int port,
            @Value("${shanfu.iso.bind-address}") String bindAddress,
            @Value("${shanfu.iso.max-sessions}") int maxSessions,
            @Value("${shanfu.iso.connections-per-address:100}") int perAddress,
            @Value("${shanfu.iso.idle-timeout:PT30S}") Duration idleTimeout,
            @Value("${shanfu.iso.message-deadline:PT10S}") Duration messageDeadline,
            @Value("${shanfu.iso.drain:PT15S}") Duration drain,
            // connections the kernel queues before the host accepts them: a morning storm of terminals arrives
            // faster than they are accepted, and a full queue refuses them (docs/benchmarks.md, "Morning storm")
            @Value("${shanfu.iso.backlog:1024}") int backlog) {
        this.listener = listener;
        this.inFlight = inFlight;
        this.tls = tls;
        this.port = port;
        this.bindAddress = bindAddress;
        this.maxSessions = maxSessions;
        this.perAddress = perAddress;
        this.idleTimeout = idleTimeout;
        this.messageDeadline = messageDeadline;
        this.drain = drain;
        this.backlog = backlog;
    }

    /** Taking connections: set once started, cleared as a stop begins (read by the health without the lock). */
    private volatile boolean listening;

    /** Whether the host takes connections now; never waits on a start or a stop in progress. */
    boolean listening() {
        return listening;
    }

    @Override
    public synchronized void start() {
        try {
            NACChannel channel = ShanfuPackager.serverChannel();
            channel.setTimeout((int) idleTimeout.toMillis()); // each accepted connection's read timeout
            server = new ISOServer(port, channel, maxSessions);
            SimpleConfiguration cfg = new SimpleConfiguration();
            cfg.put("bind-address", bindAddress);
            cfg.put("virtual-threads", "true");
            server.setConfiguration(cfg); // jPOS 3: without it the server binds everywhere and fails on first connect
            connections = new HostConnections(
                    bindAddress, perAddress, idleTimeout, messageDeadline, tls.serverContext(), backlog);
            server.setSocketFactory(connections);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigurationException e) {
            throw new IllegalStateException("ISO server configuration", e);
        }
        server.addISORequestListener(listener);
        Thread.ofPlatform().name("iso-host-" + port).daemon().start(server);
        listening = true;
        log.info(
                "ISO 8583 host listening on {}:{}, TLS 1.3 only (at most {} connections per address, idle cut after {} s)",
                bindAddress,
                port,
                perAddress,
                idleTimeout.toSeconds());
    }

    @Override
    public synchronized void stop() {
        listening = false;
        if (server != null) {
            connections.drain();
            long deadline = System.nanoTime() + drain.toNanos();
            while (inFlight.count() > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (inFlight.count() > 0) {
                log.warn(
                        "ISO host stopping with {} requests still unanswered after {} s",
                        inFlight.count(),
                        drain.toSeconds());
            } else {
                log.info("ISO host drained: every request taken was answered");
            }
            server.shutdown();
            server = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** ISO connections open now. */
    int openConnections() {
        HostConnections c = connections;
        return c == null ? 0 : c.open();
    }

    /** Requests taken from the channel and not answered yet. */
    int inFlight() {
        return inFlight.count();
    }
}
