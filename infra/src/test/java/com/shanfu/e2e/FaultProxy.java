package com.shanfu.e2e;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of the ISO 8583 host that can swallow the host's answers (NAC frames whose MTI is a 0x10
 * response), so a terminal sees a request reach the host and no answer come back.
 */
final class FaultProxy implements AutoCloseable {

    enum Mode { FORWARD, DROP_ANSWERS }

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
                Thread.ofVirtual().start(() -> pump(client, host, false));
                Thread.ofVirtual().start(() -> pump(host, client, true));
            } catch (IOException hostDown) { // the host is not there (killed, restarting): refuse this one only
                try {
                    client.close();
                } catch (IOException ignored) {
                    // already gone
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean answers) {
        try (DataInputStream in = new DataInputStream(from.getInputStream())) {
            OutputStream out = to.getOutputStream();
            while (true) {
                int length = in.readUnsignedShort();
                byte[] frame = new byte[length];
                in.readFully(frame);
                boolean answer = length > 6 && (frame[6] & 0x10) != 0; // TPDU (5 bytes), then MTI in BCD
                if (answers && answer && mode == Mode.DROP_ANSWERS) {
                    continue;
                }
                out.write(new byte[] {(byte) (length >> 8), (byte) length});
                out.write(frame);
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
