package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.tms.TestStack;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Stopping the host drains it: the port stops taking connections at once, a sale already taken (here held up by a
 * slow issuer) is still decided, journalled and answered, and only then do the connections close.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"shanfu.demo=true", "shanfu.issuer.delay=PT2S", "shanfu.iso.drain=PT10S"})
@DirtiesContext
class GracefulStopIT extends HostTestBase {

    static final int ISO_PORT = TestStack.freePort();

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        TestStack.registerHost(registry, "tms_stop", ISO_PORT);
    }

    @Test
    void stopping_the_host_answers_the_sales_in_flight_and_takes_no_new_connection() throws Exception {
        HostTerminal t = terminal("郑十茶馆");
        int stan = t.nextStan();
        ISOMsg sale = t.purchase(stan, 1, 880);
        CompletableFuture<ISOMsg> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return t.send(sale);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.currentTimeMillis() + 5_000;
        while (host.inFlight() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(host.inFlight()).as("the sale is with the (slow) issuer").isEqualTo(1);
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(host::stop);
        Thread.sleep(300);
        assertThat(stopping).as("the stop waits for the sale").isNotDone();
        boolean refused; // a terminal cannot open a session: no TCP connection, or no TLS handshake on it
        try (Socket late =
                com.shanfu.protocol.tls.Tls.connect(com.shanfu.tms.TestStack.caPem(), "127.0.0.1", ISO_PORT)) {
            late.setSoTimeout(3_000);
            refused = late.getInputStream().read() == -1;
        } catch (java.io.IOException e) {
            refused = true;
        }
        assertThat(refused).as("a new connection while draining").isTrue();

        ISOMsg a = answer.get(10, TimeUnit.SECONDS);
        assertThat(a.getString(39)).isEqualTo("00");
        stopping.get(10, TimeUnit.SECONDS);
        assertThat(host.isRunning()).isFalse();
        assertThat(jdbc.queryForObject(
                        "select t.status from txn t join device d on d.id = t.device_id where d.serial = ?"
                                + " and t.stan = ?",
                        String.class,
                        t.serial,
                        stan))
                .isEqualTo("APPROVED");
    }
}
