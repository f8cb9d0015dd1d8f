package com.shanfu.tms.host;

import com.shanfu.protocol.emv.Tlv;
import com.shanfu.protocol.iso.MessageMac;
import com.shanfu.protocol.iso.ShanfuPackager;
import com.shanfu.tms.TestStack;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.jpos.iso.ISOMsg;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the wire tests share: one TMS whose ISO host has tight connection guards (48 connections per address, a 2 s
 * idle timeout, a 3 s message deadline), raw TLS connections, frames, mutations and the footprint a message may not
 * change. {@link HostFuzzIT} and {@link ConnectionGuardsIT} run on the same Spring context.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "shanfu.demo=true",
            "shanfu.iso.connections-per-address=48",
            "shanfu.iso.idle-timeout=PT2S",
            "shanfu.iso.message-deadline=PT3S",
            "logging.level.com.shanfu.tms.host.SendResponse=WARN",
            "logging.level.org.jpos=OFF"
        })
abstract class HostWireBase extends HostTestBase {

    static final int ISO_PORT = TestStack.freePort();
    static final int MESSAGES = Integer.getInteger("shanfu.fuzz.messages", 10_000);
    /** What a bad message may be answered: format error, invalid transaction, MAC error, and the like. */
    static final Set<String> REFUSALS = Set.of("30", "12", "A0", "97", "Z1", "94", "25", "13", "14", "63", "05");

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        TestStack.registerHost(registry, "tms_fuzz", ISO_PORT);
    }

    @Autowired
    com.shanfu.tms.books.BooksCheck books;

    HostTerminal terminal() throws Exception {
        return terminal("吴九杂货");
    }

    /** Everything the host keeps about one device: if a bad message wrote anything, this changes. */
    String footprint(HostTerminal t) {
        long device = jdbc.queryForObject("select id from device where serial = ?", Long.class, t.serial);
        return jdbc.queryForList(
                        "select concat_ws('|', id, batch_no, stan, kind, amount_fen, status, refunded_fen)"
                                + " from txn where device_id = ? order by id",
                        String.class,
                        device)
                + ""
                + jdbc.queryForList(
                        "select concat_ws('|', id, batch_no, stan, undone) from reversal where device_id = ?"
                                + " order by id",
                        String.class,
                        device)
                + jdbc.queryForList(
                        "select concat_ws('|', id, batch_no, status, debit_total, debit_count, credit_total,"
                                + " credit_count, coalesce(terminal_totals, '')) from batch where device_id = ? order by id",
                        String.class,
                        device)
                + jdbc.queryForList(
                        "select concat_ws('|', l.stan, l.amount_fen) from batch_upload_line l join batch b"
                                + " on b.id = l.batch_id where b.device_id = ?",
                        String.class,
                        device)
                + jdbc.queryForList(
                        "select concat_ws('|', id, amount_fen) from issuer_posting where reference like ?"
                                + " order by id",
                        String.class,
                        "D" + device + "-%");
    }

    /** The NAC frame of a message: 2-byte length, TPDU, packed body. */
    static byte[] frame(byte[] body) {
        byte[] tpdu = ShanfuPackager.TPDU;
        int len = tpdu.length + body.length;
        byte[] f = new byte[2 + len];
        f[0] = (byte) (len >> 8);
        f[1] = (byte) len;
        System.arraycopy(tpdu, 0, f, 2, tpdu.length);
        System.arraycopy(body, 0, f, 2 + tpdu.length, body.length);
        return f;
    }

    /** What became of one bad message. */
    enum Outcome {
        REFUSED,
        STORED_ANSWER,
        CLOSED,
        BAD
    }

    record Sent(String kind, byte[] frame, boolean closeAfterSending) {}

    /**
     * One bad message on its own connection: the answer's field 39 (or that the connection was closed). When the
     * sender lies about the length it hangs up after sending, as a broken terminal would.
     */
    /** A TLS connection to the host, as a terminal makes it (the frames are then written by hand). */
    static Socket tls() throws IOException {
        return com.shanfu.protocol.tls.Tls.connect(com.shanfu.tms.TestStack.caPem(), "127.0.0.1", ISO_PORT);
    }

    static String exchangeRaw(Sent s) throws IOException {
        try (Socket socket = tls()) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(s.frame());
            out.flush();
            if (s.closeAfterSending()) {
                socket.shutdownOutput();
            }
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int len;
            try {
                len = in.readUnsignedShort();
            } catch (EOFException | java.net.SocketException | javax.net.ssl.SSLException closed) {
                return "CLOSED";
            }
            byte[] answer = new byte[len];
            in.readFully(answer);
            ISOMsg m = new ISOMsg();
            m.setPackager(ShanfuPackager.create());
            m.unpack(Arrays.copyOfRange(answer, ShanfuPackager.TPDU.length, answer.length));
            return m.getString(39) + "/" + m.getString(37);
        } catch (SocketTimeoutException e) {
            return "HANG";
        } catch (org.jpos.iso.ISOException e) {
            return "UNREADABLE ANSWER " + e.getMessage();
        }
    }

    /** Sells {@code n} small sales on the valid terminal, each on a new connection; their latencies in ms. */
    static Histogram sell(HostTerminal t, int n, Histogram into) throws Exception {
        Histogram h = into != null ? into : new Histogram(60_000, 3);
        for (int i = 0; i < n; i++) {
            ISOMsg p = t.purchase(t.nextStan(), 9, 1);
            long s = System.nanoTime();
            String rc = t.rc(p);
            h.recordValue(Math.max(1, (System.nanoTime() - s) / 1_000_000));
            if (!"00".equals(rc)) {
                throw new IllegalStateException("a valid sale was answered " + rc);
            }
        }
        return h;
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }

    /** One bad message made from a valid one: each kind in turn, its details from the seeded random. */
    static Sent mutate(Random r, ISOMsg base, HostTerminal t, int i) throws Exception {
        byte[] body = base.pack();
        return switch (i % 12) {
            case 0 -> new Sent("garbage", frame(randomBytes(r, 1 + r.nextInt(300))), false);
            case 1 -> { // the length header says more than is sent, and the sender hangs up
                byte[] f = frame(body);
                int claimed = f.length - 2 + 1 + r.nextInt(2000);
                f[0] = (byte) (claimed >> 8);
                f[1] = (byte) claimed;
                yield new Sent("length-longer", f, true);
            }
            case 2 -> { // the length header says less than is sent: the rest reads as a second, broken message
                byte[] f = frame(body);
                int claimed = Math.max(1, f.length - 2 - 1 - r.nextInt(Math.max(1, body.length - 1)));
                f[0] = (byte) (claimed >> 8);
                f[1] = (byte) claimed;
                yield new Sent("length-shorter", f, false);
            }
            case 3 -> { // bitmap bytes changed
                byte[] b = body.clone();
                b[2 + r.nextInt(8)] = (byte) r.nextInt(256);
                yield new Sent("bitmap", frame(b), false);
            }
            case 4 -> { // a BCD byte that is not two digits (the MTI, or a numeric field)
                byte[] b = body.clone();
                int at = r.nextBoolean() ? r.nextInt(2) : 10 + r.nextInt(Math.max(1, b.length - 10));
                b[at] = (byte) (0xA0 | r.nextInt(16));
                yield new Sent("bcd", frame(b), false);
            }
            case 5 -> new Sent("truncated", frame(Arrays.copyOf(body, r.nextInt(body.length))), false);
            case 6 -> { // oversize: a field far longer than its definition allows
                ISOMsg m = (ISOMsg) base.clone();
                m.set(48, "9".repeat(999));
                m.set(61, "1".repeat(999));
                byte[] b;
                try {
                    b = m.pack();
                } catch (org.jpos.iso.ISOException refused) { // the packager refuses it too: hand-made then
                    b = concat(body, randomBytes(r, 2000));
                }
                yield new Sent("oversize", frame(b), false);
            }
            case 7 -> { // a signed purchase whose field 55 is broken TLV (made without tapping the card again: the
                // card's counter must not run ahead of what its issuer sees by thousands of broken messages)
                ISOMsg m = t.purchase(t.nextStan(), 1, 500, HostTerminal.chip(500, 1));
                byte[] icc = m.getBytes(55);
                byte[] broken = switch (r.nextInt(3)) {
                    case 0 ->
                        concat(icc, new byte[] {(byte) 0x9F, 0x37, (byte) (2 + r.nextInt(100)), 0x01}); // overruns
                    case 1 -> concat(new byte[] {(byte) 0x9F, 0x02, (byte) 0x81, (byte) 0xFF}, Arrays.copyOf(icc, 8));
                    default -> new Tlv().put("9F02", "000000000500").encodeAll();
                };
                m.set(55, broken);
                MessageMac.sign(m, t.keys.macKey());
                yield new Sent("tlv-55", frame(m.pack()), false);
            }
            case 8 -> { // an MTI the host does not handle, signed
                ISOMsg m = (ISOMsg) base.clone();
                m.setMTI(new String[] {"0100", "0600", "0900", "0220", "0420", "0520"}[r.nextInt(6)]);
                if ("0220".equals(m.getMTI())) {
                    m.set(3, "000000");
                }
                MessageMac.sign(m, t.keys.macKey());
                yield new Sent("mti", frame(m.pack()), false);
            }
            case 9 -> { // a processing code the host does not handle, signed
                ISOMsg m = (ISOMsg) base.clone();
                m.set(3, String.format("%06d", r.nextInt(1_000_000)));
                MessageMac.sign(m, t.keys.macKey());
                yield new Sent("processing-code", frame(m.pack()), false);
            }
            default -> { // a valid message with one byte flipped
                byte[] b = body.clone();
                b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                yield new Sent("bit-flip", frame(b), false);
            }
        };
    }

    static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    void report(
            Map<String, LongAdder> outcomes,
            double seconds,
            Histogram baseline,
            Histogram during,
            long threadsBefore,
            long threadsAfter,
            long heapBefore,
            long heapAfter)
            throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                "fuzz: %,d bad messages in %.1f s (%,.0f/s); valid sales p50/p99 %d/%d ms before,"
                        + " %d/%d ms during (%d sales, p99 ratio %.2f); platform threads %d -> %d; heap %d -> %d MiB%n",
                MESSAGES,
                seconds,
                MESSAGES / seconds,
                baseline.getValueAtPercentile(50),
                baseline.getValueAtPercentile(99),
                during.getValueAtPercentile(50),
                during.getValueAtPercentile(99),
                during.getTotalCount(),
                (double) during.getValueAtPercentile(99) / baseline.getValueAtPercentile(99),
                threadsBefore,
                threadsAfter,
                heapBefore >> 20,
                heapAfter >> 20));
        new TreeMap<>(outcomes).forEach((k, v) -> b.append(String.format("  %-28s %,d%n", k, v.sum())));
        System.out.print(b);
        Path out = Path.of("target", "fuzz-report.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, b.toString());
    }

    // ---------------------------------------------------------------- connection guards

}
