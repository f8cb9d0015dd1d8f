package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.protocol.emv.Tlv;
import com.shanfu.protocol.iso.MessageMac;
import com.shanfu.protocol.iso.SettlementTotals;
import com.shanfu.protocol.iso.ShanfuPackager;
import com.shanfu.tms.TestStack;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Hostile wire input over TCP: a fuzzer sends malformed and mutated messages ({@code -Dshanfu.fuzz.messages}, 10,000
 * by default; 100,000 in the nightly form) while a valid terminal keeps selling. Each bad message must be answered
 * with a refusal (30, 12, A0, …) or a repeat's stored answer, or get its connection closed — and write nothing; the
 * host must keep answering, and its connections, threads and heap come back to where they were. Then the connection
 * guards: a per-address limit, idle connections and slow requests cut.
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
class HostFuzzIT extends HostTestBase {

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

    private HostTerminal terminal() throws Exception {
        return terminal("吴九杂货");
    }

    /** Everything the host keeps about one device: if a bad message wrote anything, this changes. */
    private String footprint(HostTerminal t) {
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

    @Test
    void malformed_and_mutated_messages_are_refused_or_cut_write_nothing_and_valid_sales_go_on() throws Exception {
        HostTerminal fuzzed = terminal();
        HostTerminal seller = terminal();
        // the fuzz terminal's history: a sale, a refund of it, a reversed sale, a closed batch
        int sale = fuzzed.nextStan();
        ISOMsg saleMsg = fuzzed.purchase(sale, 1, 500);
        String saleRrn = fuzzed.send(saleMsg).getString(37);
        ISOMsg refund = fuzzed.refund(fuzzed.nextStan(), 1, 100, 1, sale);
        String refundRrn = fuzzed.send(refund).getString(37);
        int reversed = fuzzed.nextStan();
        fuzzed.send(fuzzed.purchase(reversed, 1, 300));
        ISOMsg reversal = fuzzed.reversal(reversed, 1, 300);
        fuzzed.send(reversal);
        ISOMsg settle = fuzzed.settlement(fuzzed.nextStan(), 1, new SettlementTotals(500, 1, 100, 1));
        assertThat(SettlementTotals.reconciliationCode(fuzzed.send(settle).getString(48)))
                .isEqualTo("1");
        ISOMsg echo = com.shanfu.protocol.iso.Messages.echo(
                fuzzed.terminal, fuzzed.nextStan(), 2, java.time.LocalDateTime.now());
        List<ISOMsg> bases = List.of(saleMsg, refund, reversal, settle, echo);
        // what a repeat of each valid message is answered (a stored answer, or an acknowledgement that changes
        // nothing: a reversal already done, a settlement of a closed batch, an echo)
        Set<String> repeats = new java.util.HashSet<>();
        for (ISOMsg m : bases) {
            ISOMsg a = fuzzed.send(m);
            repeats.add(a.getString(39) + "/" + a.getString(37));
        }
        assertThat(repeats).contains("00/" + saleRrn, "00/" + refundRrn);
        String before = footprint(fuzzed);

        // the valid terminal's baseline, once warm
        sell(seller, 100, null);
        Histogram baseline = sell(seller, 200, null);

        Random random = new Random(Long.getLong("shanfu.fuzz.seed", 20261201L));
        List<Sent> corpus = new ArrayList<>(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            corpus.add(mutate(random, bases.get(i % bases.size()), fuzzed, i));
        }
        long threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        long heapBefore = usedHeapAfterGc();

        AtomicBoolean fuzzing = new AtomicBoolean(true);
        Histogram during = new Histogram(60_000, 3);
        Thread valid = Thread.ofPlatform().start(() -> {
            try {
                while (fuzzing.get()) {
                    during.add(sell(seller, 10, null));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        Map<String, String> bad = new ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> work = new ArrayList<>();
        for (Sent s : corpus) {
            work.add(pool.submit(() -> {
                String got;
                long st = System.nanoTime();
                try {
                    got = exchangeRaw(s);
                } catch (IOException e) {
                    got = "CLOSED"; // refused or reset by the host
                }
                Outcome o = got.equals("CLOSED")
                        ? Outcome.CLOSED
                        : got.length() >= 2 && REFUSALS.contains(got.substring(0, 2))
                                ? Outcome.REFUSED
                                : repeats.contains(got) ? Outcome.STORED_ANSWER : Outcome.BAD;
                outcomes.computeIfAbsent(s.kind() + " " + o, k -> new LongAdder())
                        .increment();
                outcomes.computeIfAbsent(s.kind() + " ms", k -> new LongAdder())
                        .add((System.nanoTime() - st) / 1_000_000);
                if (o == Outcome.BAD) {
                    bad.putIfAbsent(s.kind() + " " + got, org.jpos.iso.ISOUtil.hexString(s.frame()));
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        double fuzzSeconds = (System.nanoTime() - t0) / 1e9;
        fuzzing.set(false);
        valid.join();

        assertThat(bad)
                .as("answers that are neither a refusal, a stored answer nor a closed connection")
                .isEmpty();
        assertThat(footprint(fuzzed)).as("nothing written by any bad message").isEqualTo(before);
        assertThat(sell(seller, 5, null).getTotalCount())
                .as("the host still sells")
                .isEqualTo(5);
        assertThat(books.run().differences()).isEmpty();

        // connections are closed, and threads and heap come back
        long deadline = System.currentTimeMillis() + 15_000;
        while (host.openConnections() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(host.openConnections())
                .as("open ISO connections after the fuzz")
                .isZero();
        long threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
        long heapAfter = usedHeapAfterGc();
        assertThat(threadsAfter).as("platform threads").isLessThanOrEqualTo(threadsBefore + 8);
        assertThat(heapAfter).as("heap after GC").isLessThan(heapBefore + 64L * 1024 * 1024);

        report(outcomes, fuzzSeconds, baseline, during, threadsBefore, threadsAfter, heapBefore, heapAfter);
        if (Boolean.getBoolean("shanfu.fuzz.strict")) { // the nightly form: on a quiet machine, a latency bound too
            assertThat(during.getValueAtPercentile(99))
                    .as("valid p99 during the fuzz, ms")
                    .isLessThanOrEqualTo(2 * Math.max(baseline.getValueAtPercentile(99), 5));
        }
    }

    /** Sells {@code n} small sales on the valid terminal, each on a new connection; their latencies in ms. */
    private static Histogram sell(HostTerminal t, int n, Histogram into) throws Exception {
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

    private static long usedHeapAfterGc() throws InterruptedException {
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

    private void report(
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
