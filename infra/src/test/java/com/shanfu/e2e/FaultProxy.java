package com.shanfu.e2e;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of the ISO 8583 host that can swallow the host's answers, so a terminal sees a request reach
 * the host and no answer come back. The channel is TLS 1.3, so the proxy sees TLS records, not messages: it forwards
 * records whole, and while answers are dropped it swallows every encrypted record (type 23) the host sends once the
 * terminal has sent one of its own — the host's answers, and with them the rest of that connection.
 */
final class FaultProxy implements AutoCloseable {

    enum Mode {
        FORWARD,
        DROP_ANSWERS
    }

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.FORWARD;

    FaultProxy(String targetHost, int targetPort) throws IOException {
        this.server = new ServerSocket(0);
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                Socket host = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(host);
                var terminalSent = new java.util.concurrent.atomic.AtomicBoolean();
                Thread.ofVirtual().start(() -> pump(client, host, false, terminalSent));
                Thread.ofVirtual().start(() -> pump(host, client, true, terminalSent));
            } catch (IOException hostDown) { // the host is not there (killed, restarting): refuse this one only
                try {
                    client.close();
                } catch (IOException ignored) {
                    // already gone
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean answers, java.util.concurrent.atomic.AtomicBoolean terminalSent) {
        try (DataInputStream in = new DataInputStream(from.getInputStream())) {
            OutputStream out = to.getOutputStream();
            byte[] header = new byte[5];
            while (true) {
                in.readFully(header); // TLS record: type, version (2), length (2)
                int length = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
                byte[] body = new byte[length];
                in.readFully(body);
                boolean encrypted = header[0] == 23;
                if (!answers && encrypted) {
                    terminalSent.set(true);
                }
                if (answers && encrypted && terminalSent.get() && mode == Mode.DROP_ANSWERS) {
                    continue;
                }
                out.write(header);
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // connection closed by either side: close the other side too, as the cut would reach it
            try {
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
