package com.shanfu.tms.host;

import com.shanfu.protocol.iso.ShanfuPackager;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jpos.core.ConfigurationException;
import org.jpos.core.SimpleConfiguration;
import org.jpos.iso.ISOServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** The financial channel: a jPOS ISOServer with NAC framing (2-byte length + TPDU) and the shared packager. */
@Component
class IsoHost implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IsoHost.class);

    private final HostRequestListener listener;
    private final int port;
    private final String bindAddress;
    private final int maxSessions;
    private ISOServer server;

    IsoHost(HostRequestListener listener, @Value("${shanfu.iso.port}") int port,
            @Value("${shanfu.iso.bind-address}") String bindAddress, @Value("${shanfu.iso.max-sessions}") int maxSessions) {
        this.listener = listener;
        this.port = port;
        this.bindAddress = bindAddress;
        this.maxSessions = maxSessions;
    }

    @Override
    public synchronized void start() {
        try {
            server = new ISOServer(port, ShanfuPackager.serverChannel(), maxSessions);
            SimpleConfiguration cfg = new SimpleConfiguration();
            cfg.put("bind-address", bindAddress);
            cfg.put("virtual-threads", "true");
            server.setConfiguration(cfg); // jPOS 3: without it the server binds everywhere and fails on first connect
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigurationException e) {
            throw new IllegalStateException("ISO server configuration", e);
        }
        server.addISORequestListener(listener);
        Thread.ofPlatform().name("iso-host-" + port).daemon().start(server);
        log.info("ISO 8583 host listening on {}:{}", bindAddress, port);
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }
}
