package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ISO host's connection guards over TCP: connections above the per-address limit closed at once, an idle
 * connection cut after the idle timeout, a request trickling in byte by byte cut at the message deadline. The host
 * settings and helpers are {@link HostWireBase}'s, on the same Spring context as {@link HostFuzzIT}.
 */
class ConnectionGuardsIT extends HostWireBase {

    @Test
    void connections_above_the_per_address_limit_are_closed_at_once() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 48; i++) {
                held.add(new Socket("127.0.0.1", ISO_PORT));
            }
            Thread.sleep(300);
            try (Socket extra = new Socket("127.0.0.1", ISO_PORT)) {
                extra.setSoTimeout(3000);
                assertThat(extra.getInputStream().read())
                        .as("the 49th connection from one address")
                        .isEqualTo(-1);
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        Thread.sleep(300);
        HostTerminal t = terminal();
        assertThat(t.rc(t.purchase(t.nextStan(), 1, 100)))
                .as("places are given back on close")
                .isEqualTo("00");
    }

    @Test
    void an_idle_connection_is_cut_after_the_idle_timeout() throws Exception {
        try (Socket idle = tls()) {
            idle.setSoTimeout(10_000);
            long t0 = System.nanoTime();
            assertThat(idle.getInputStream().read()).isEqualTo(-1);
            assertThat((System.nanoTime() - t0) / 1_000_000).as("ms until cut").isBetween(1_500L, 9_000L);
        }
    }

    @Test
    void a_request_trickling_in_byte_by_byte_is_cut_at_the_message_deadline() throws Exception {
        HostTerminal t = terminal();
        byte[] f = frame(t.purchase(t.nextStan(), 1, 100).pack());
        try (Socket slow = tls()) {
            slow.setSoTimeout(10_000);
            OutputStream out = slow.getOutputStream();
            InputStream in = slow.getInputStream();
            long t0 = System.nanoTime();
            boolean cut = false;
            for (int i = 0; i < f.length && !cut; i++) {
                try {
                    out.write(f[i]);
                    out.flush();
                } catch (IOException e) {
                    cut = true;
                    break;
                }
                Thread.sleep(700); // under the idle timeout, so only the deadline can cut it
                if (slow.getInputStream().available() == 0 && (System.nanoTime() - t0) > 6_000_000_000L) {
                    break;
                }
            }
            if (!cut) {
                cut = in.read() == -1;
            }
            assertThat(cut).isTrue();
            assertThat((System.nanoTime() - t0) / 1_000_000).as("ms until cut").isLessThan(9_000L);
        } catch (java.net.SocketException reset) {
            // cut by the host: what was wanted
        }
    }
}
