package com.shanfu.tms.host;

import com.shanfu.protocol.tls.Tls;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jpos.iso.ISOServerSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ISO port's server socket, guarding the host against connections that would hold it (docs/protocol.md,
 * "Connections"):
 * <ul>
 *   <li>at most {@code perAddress} open connections from one address: more are closed as soon as accepted;</li>
 *   <li>an idle connection (no byte for {@code idleTimeout}) is cut by the socket's read timeout;</li>
 *   <li>a request that trickles in (slow loris) is cut when it has not arrived whole within {@code messageDeadline}
 *       of its first byte;</li>
 *   <li>once draining (the host is stopping), no new connection is accepted;</li>
 *   <li>every connection speaks TLS 1.3 (layered over the guarded socket); a plain one is cut at its first byte.</li>
 * </ul>
 */
final class HostConnections implements ISOServerSocketFactory {

    private static final Logger log = LoggerFactory.getLogger(HostConnections.class);

    private final SSLContext tls;
    private final String bindAddress;
    private final int perAddress;
    private final Duration idleTimeout;
    private final Duration messageDeadline;
    private final int backlog;
    /** Open connections per address; an address leaves the map with its last connection. */
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    private volatile Guarded socket;
    private volatile boolean draining;

    HostConnections(
            String bindAddress,
            int perAddress,
            Duration idleTimeout,
            Duration messageDeadline,
            SSLContext tls,
            int backlog) {
        this.tls = tls;
        this.backlog = backlog;
        this.bindAddress = bindAddress;
        this.perAddress = perAddress;
        this.idleTimeout = idleTimeout;
        this.messageDeadline = messageDeadline;
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        if (draining) {
            throw new IOException("the host is stopping: no new connections");
        }
        Guarded s = new Guarded();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), backlog);
        socket = s;
        return s;
    }

    /** Stops accepting connections; those open go on until they are closed. */
    void drain() {
        draining = true;
        Guarded s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                log.debug("closing the ISO server socket: {}", e.toString());
            }
        }
    }

    int open() {
        return open.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Takes a place for a connection from this address; false when it has no place left (or the host is stopping). */
    private boolean take(InetAddress from) {
        boolean[] taken = {false};
        open.compute(from, (a, n) -> {
            int now = n == null ? 0 : n;
            if (draining || now >= perAddress) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    private void giveBack(InetAddress from) {
        open.computeIfPresent(from, (a, n) -> n <= 1 ? null : n - 1);
    }

    private final class Guarded extends ServerSocket {
        Guarded() throws IOException {
            super();
        }

        @Override
        public Socket accept() throws IOException {
            while (true) {
                Tracked s = new Tracked();
                implAccept(s);
                InetAddress from = s.getInetAddress();
                if (!take(from)) {
                    if (!draining) {
                        log.warn("ISO connection from {} refused: {} open from that address already", from, perAddress);
                    }
                    s.closeQuietly();
                    continue;
                }
                s.counted = from;
                s.setSoTimeout((int) idleTimeout.toMillis());
                s.setTcpNoDelay(true);
                // TLS over the guarded connection: the guards count the raw bytes, so a slow handshake is cut too;
                // the handshake runs on the session's thread at its first read, never in this accept loop, and a
                // client that does not speak TLS 1.3 is cut there
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, null, true);
                ssl.setUseClientMode(false);
                Tls.harden(ssl, false);
                return ssl;
            }
        }
    }

    /** A connection that gives its place back when closed, and cuts a request that takes too long to arrive. */
    private final class Tracked extends Socket {
        private volatile InetAddress counted; // the address whose place this connection holds, until closed
        private volatile long requestStarted = -1; // nanoTime of the first byte of a request not answered yet
        private InputStream guardedIn;
        private OutputStream guardedOut;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (guardedIn == null) {
                guardedIn = new FilterInputStream(super.getInputStream()) {
                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        arrived(b < 0 ? 0 : 1);
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = super.read(buf, off, len);
                        arrived(n);
                        return n;
                    }
                };
            }
            return guardedIn;
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (guardedOut == null) {
                guardedOut = new FilterOutputStream(super.getOutputStream()) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                        requestStarted = -1; // answered: the next byte starts the next request
                    }

                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                        requestStarted = -1;
                    }
                };
            }
            return guardedOut;
        }

        private void arrived(int bytes) throws IOException {
            if (bytes <= 0) {
                return;
            }
            long now = System.nanoTime();
            if (requestStarted < 0) {
                requestStarted = now;
            } else if (now - requestStarted > messageDeadline.toNanos()) {
                closeQuietly();
                throw new SocketTimeoutException("request not complete within " + messageDeadline.toMillis() + " ms");
            }
        }

        void closeQuietly() {
            try {
                close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        @Override
        public synchronized void close() throws IOException {
            InetAddress from = counted;
            counted = null;
            if (from != null) {
                giveBack(from);
            }
            super.close();
        }
    }
}
