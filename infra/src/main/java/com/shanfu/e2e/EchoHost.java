package com.shanfu.e2e;

import com.shanfu.protocol.iso.MessageMac;
import com.shanfu.protocol.iso.Messages;
import com.shanfu.protocol.iso.ShanfuPackager;
import com.shanfu.protocol.tls.Tls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.jpos.core.ConfigurationException;
import org.jpos.core.SimpleConfiguration;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISORequestListener;
import org.jpos.iso.ISOServer;
import org.jpos.iso.ISOServerSocketFactory;
import org.jpos.iso.ISOSource;
import org.jpos.iso.channel.NACChannel;

/**
 * The ceiling of {@code infra/shanfu bench host}: a bare jPOS ISOServer on the host's packager, NAC framing, TLS 1.3
 * and connection model (a connection per message, virtual threads), that answers every request at once with 00. It
 * does the least any host must do on the wire: parse, answer with the request's echoed fields, and MAC the answer
 * with the terminal's MAC key (known to it from the bench's terminal homes), so that the same terminals accept it.
 * No database, no keys to unwrap, no cryptogram, no issuer.
 */
final class EchoHost implements AutoCloseable {

    private final ISOServer server;
    private final LongAdder answered = new LongAdder();

    private EchoHost(ISOServer server) {
        this.server = server;
    }

    /** Listens on 127.0.0.1:port with the TLS key in the PKCS#12 file; {@code macKeys}: TID to its MAC key (hex). */
    static EchoHost start(int port, SSLContext tls, Map<String, String> macKeys) throws IOException {
        NACChannel template = ShanfuPackager.serverChannel();
        template.setTimeout(30_000);
        ISOServer server = new ISOServer(port, template, 1000);
        SimpleConfiguration cfg = new SimpleConfiguration();
        cfg.put("bind-address", "127.0.0.1");
        cfg.put("virtual-threads", "true");
        try {
            server.setConfiguration(cfg);
        } catch (ConfigurationException e) {
            throw new IllegalStateException(e);
        }
        server.setSocketFactory(new TlsSockets(tls));
        EchoHost echo = new EchoHost(server);
        AtomicLong rrn = new AtomicLong(System.currentTimeMillis() % 100_000_000L * 1000);
        ISORequestListener listener = (ISOSource source, ISOMsg m) -> {
            try {
                ISOMsg r = Messages.answerTo(m, LocalDateTime.now());
                long n = rrn.incrementAndGet(); // one number per answer: RRN and authorisation code from the same
                r.set(37, String.format("%012d", n % 1_000_000_000_000L));
                r.set(38, String.format("%06d", n % 1_000_000L));
                r.set(39, "00");
                if (m.hasField(48)
                        && "0500".equals(m.getMTI())
                        && m.getString(48).length() >= 31) {
                    String totals = m.getString(48); // the settlement: the terminal's totals agreed as they are
                    r.set(48, totals.substring(0, 30) + "1" + totals.substring(31));
                }
                String mak = macKeys.get(m.getString(41));
                if (mak != null) {
                    MessageMac.sign(r, HexFormat.of().parseHex(mak));
                }
                source.send(r);
                echo.answered.increment();
            } catch (ISOException | IOException e) {
                // the terminal sees no answer and reverses: counted by the driver as failed
            }
            return true;
        };
        server.addISORequestListener(listener);
        Thread.ofPlatform().name("echo-host-" + port).daemon().start(server);
        return echo;
    }

    long answered() {
        return answered.sum();
    }

    @Override
    public void close() {
        server.shutdown();
    }

    /** TLS 1.3 only, on the loopback address, as the host's own socket factory. */
    private record TlsSockets(SSLContext tls) implements ISOServerSocketFactory {
        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            SSLServerSocket s = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
            s.setEnabledProtocols(Tls.PROTOCOLS);
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 128);
            return s;
        }
    }
}
