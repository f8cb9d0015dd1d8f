package com.shanfu.infra.vicc;

import com.shanfu.terminal.card.CardCatalog;
import com.shanfu.terminal.card.CardReader;
import com.shanfu.terminal.card.SoftwareCard;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A contactless card laid on a virtual PC/SC reader: it connects to the reader driver of vsmartcard ({@code vpcd},
 * loaded by {@code pcscd}) and answers what the reader sends, with one of the software cards behind it. While the
 * connection is open the reader sees a card in its field; closing it takes the card away.
 *
 * <p>The vpcd protocol (vsmartcard's documentation, "Creating a virtual smart card"): each message is a two-byte
 * big-endian length and its bytes. A one-byte message is a control: {@code 00} power off, {@code 01} power on,
 * {@code 02} reset (none answered), {@code 04} get the ATR (answered with the ATR). Anything longer is a command APDU,
 * answered with the response APDU.
 *
 * <p>The ATR is the one PC/SC part 3 gives a contactless ISO 14443-4 card without historical bytes, as an ACR122U and
 * its kind show it: {@code 3B 80 80 01 01} (T=1; the last byte is the check character).
 */
public final class VirtualCard implements AutoCloseable {

    /** The ATR of a contactless ISO 14443-4 card through PC/SC part 3, with no historical bytes. */
    static final byte[] ATR = {0x3B, (byte) 0x80, (byte) 0x80, 0x01, 0x01};

    private static final Logger log = LoggerFactory.getLogger(VirtualCard.class);

    private final Socket socket;
    private final CardReader card;
    private final int leaveAfterApdus;
    private final AtomicInteger apdus = new AtomicInteger();
    private final CountDownLatch gone = new CountDownLatch(1);

    private VirtualCard(Socket socket, CardReader card, int leaveAfterApdus) {
        this.socket = socket;
        this.card = card;
        this.leaveAfterApdus = leaveAfterApdus;
    }

    /**
     * Lays {@code card} on the reader whose vpcd slot listens on {@code host:port}. With {@code leaveAfterApdus} above
     * zero the card leaves the field once it has answered that many commands, as a hand pulled away: the next
     * command gets no answer.
     */
    public static VirtualCard present(String host, int port, CardReader card, int leaveAfterApdus) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), 5_000);
        s.setTcpNoDelay(true);
        VirtualCard v = new VirtualCard(s, card, leaveAfterApdus);
        Thread.ofVirtual().name("vicc-" + port).start(v::serve);
        return v;
    }

    private void serve() {
        try (DataInputStream in = new DataInputStream(socket.getInputStream());
                DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
            while (true) {
                byte[] message = new byte[in.readUnsignedShort()];
                in.readFully(message);
                if (message.length == 1) {
                    if (message[0] == 0x04) {
                        send(out, ATR);
                    } // power off, power on and reset are not answered
                    continue;
                }
                send(out, card.transmit(message));
                if (apdus.incrementAndGet() == leaveAfterApdus) {
                    log.info("the card leaves the field after {} commands", leaveAfterApdus);
                    return;
                }
            }
        } catch (EOFException e) {
            log.info("the reader closed the slot");
        } catch (IOException e) {
            if (!socket.isClosed()) {
                log.info("reader link lost: {}", e.getMessage());
            }
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            gone.countDown();
        }
    }

    private static void send(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeShort(bytes.length);
        out.write(bytes);
        out.flush();
    }

    /** Command APDUs the card has seen. */
    public int commands() {
        return apdus.get();
    }

    /** Waits until the card has left the field (by itself, or the reader closed the slot). */
    public boolean awaitGone(long timeout, TimeUnit unit) throws InterruptedException {
        return gone.await(timeout, unit);
    }

    /** Takes the card away from the reader. */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * {@code VirtualCard [--card unionpay-debit] [--vpcd 127.0.0.1:35963] [--leave-after N]}: lays a software card
     * (its counter kept in the machine's card wallet, as the terminal's own taps keep it) on the virtual reader until
     * stopped, or until it leaves by itself.
     */
    public static void main(String[] args) throws Exception {
        String name = "unionpay-debit";
        String vpcd = "127.0.0.1:35963";
        int leaveAfter = 0;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--card" -> name = value;
                case "--vpcd" -> vpcd = value;
                case "--leave-after" -> leaveAfter = value == null ? -1 : Integer.parseInt(value);
                default -> value = null;
            }
            if (value == null || leaveAfter < 0 || !vpcd.matches("[^:]+:\\d{1,5}")) {
                System.err.println(
                        "usage: VirtualCard [--card unionpay-debit] [--vpcd 127.0.0.1:35963] [--leave-after N]");
                System.exit(2);
            }
        }
        String chosen = name;
        var profile = CardCatalog.bundled().byName(chosen).orElse(null);
        if (profile == null) {
            System.err.println("unknown card '" + chosen + "' (see: terminal cards)");
            System.exit(2);
        }
        int colon = vpcd.lastIndexOf(':');
        try (VirtualCard v = present(
                vpcd.substring(0, colon),
                Integer.parseInt(vpcd.substring(colon + 1)),
                SoftwareCard.fromWallet(profile),
                leaveAfter)) {
            System.out.println("vicc: " + chosen + " is on the reader at " + vpcd);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    v.close();
                } catch (IOException ignored) {
                    // going down anyway
                }
            }));
            v.awaitGone(Long.MAX_VALUE, TimeUnit.DAYS);
        }
    }
}
