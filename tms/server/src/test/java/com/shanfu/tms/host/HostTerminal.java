package com.shanfu.tms.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.shanfu.protocol.crypto.RsaOaep;
import com.shanfu.protocol.emv.EmvCrypto;
import com.shanfu.protocol.emv.Tlv;
import com.shanfu.protocol.iso.MessageMac;
import com.shanfu.protocol.iso.Messages;
import com.shanfu.protocol.iso.SettlementTotals;
import com.shanfu.protocol.iso.ShanfuPackager;
import com.shanfu.protocol.iso.SignOnAuth;
import com.shanfu.protocol.iso.WorkingKeys;
import com.shanfu.protocol.management.ActivationRequest;
import com.shanfu.protocol.management.ActivationResponse;
import com.shanfu.tms.device.DeviceService;
import com.shanfu.tms.merchant.Merchant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.NACChannel;

/**
 * A terminal for the host tests, written from docs/protocol.md: shipped, activated over HTTP (remote key loading),
 * signed on over TCP, then sending what a terminal, a retrying network or an attacker would — each message on a
 * connection of its own when they must race.
 */
final class HostTerminal {

    static final byte[] UNIONPAY_IMK = HexFormat.of().parseHex("0123456789ABCDEFFEDCBA9876543210");
    /** The demo UnionPay debit card of the issuer simulator. */
    static final String PAN = "6228480402564890018";
    /**
     * The demo card's transaction counter per host (its ISO port: one per test context and database). It rises with
     * every tap, as on a real card; a counter shared with other hosts would jump, between two taps here, by every tap
     * made there, and leave the card's counter window.
     */
    private static final java.util.Map<Integer, AtomicInteger> COUNTERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    final Messages.Terminal terminal;
    final WorkingKeys keys;
    final String serial;
    final int isoPort;
    final byte[] tmk;
    private final AtomicInteger stan = new AtomicInteger(1);

    private HostTerminal(Messages.Terminal terminal, WorkingKeys keys, String serial, int isoPort, byte[] tmk) {
        this.tmk = tmk;
        this.terminal = terminal;
        this.keys = keys;
        this.serial = serial;
        this.isoPort = isoPort;
    }

    /** The demo card's counter at this terminal's host. */
    AtomicInteger atc() {
        return COUNTERS.computeIfAbsent(isoPort, p -> new AtomicInteger());
    }

    /** Ships a device to the merchant, activates it on the TMS at {@code httpPort} and signs it on. */
    static HostTerminal signedOn(DeviceService devices, Merchant merchant, int httpPort) throws Exception {
        DeviceService.Shipment s =
                devices.ship(merchant, "SF-Q1", java.util.UUID.randomUUID().toString(), "test");
        KeyPair pair = com.shanfu.tms.TestStack.deviceKey(s.device().serial());
        ObjectMapper json = new ObjectMapper();
        String body = json.writeValueAsString(new ActivationRequest(
                s.device().serial(),
                s.activationCode(),
                Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())));
        HttpResponse<String> r = com.shanfu.tms.TestStack.recorded(HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("https://localhost:" + httpPort + ActivationRequest.PATH))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("activation: " + r.statusCode() + " " + r.body());
        }
        ActivationResponse a = json.readValue(r.body(), ActivationResponse.class);
        byte[] tmk = RsaOaep.unwrap(pair.getPrivate(), Base64.getDecoder().decode(a.wrappedTmk()));
        Messages.Terminal terminal = new Messages.Terminal(a.tid(), a.mid());
        ISOMsg request = signOnRequest(terminal, s.device().serial(), tmk);
        return new HostTerminal(
                terminal,
                openSignOn(request, exchange(a.hostPort(), request), tmk),
                s.device().serial(),
                a.hostPort(),
                tmk);
    }

    private static final java.util.concurrent.atomic.AtomicLong SIGN_ONS = new java.util.concurrent.atomic.AtomicLong();

    /** An authenticated sign-on request (a counter above every earlier one, a fresh nonce, MAC'd under the TMK). */
    static ISOMsg signOnRequest(Messages.Terminal terminal, String serial, byte[] tmk) throws Exception {
        return Messages.signOn(
                terminal,
                serial,
                1,
                1,
                SignOnAuth.Challenge.fresh(SIGN_ONS.incrementAndGet()),
                tmk,
                LocalDateTime.now());
    }

    /** The working keys of an approved sign-on answer, after checking that it answers this request under this TMK. */
    static WorkingKeys openSignOn(ISOMsg request, ISOMsg answer, byte[] tmk) throws Exception {
        if (!"00".equals(answer.getString(39))) {
            throw new IllegalStateException("sign-on answered " + answer.getString(39));
        }
        if (!SignOnAuth.verifyAnswer(answer, request.getBytes(62), SignOnAuth.signOnKey(tmk))) {
            throw new IllegalStateException("the sign-on answer fails its MAC");
        }
        return WorkingKeys.open(answer.getBytes(62), tmk);
    }

    int nextStan() {
        return stan.incrementAndGet();
    }

    /** A chip purchase by the demo card: field 55 with the amount and currency the card signs in its ARQC. */
    ISOMsg purchase(int stan, int batch, long amountFen) throws Exception {
        return purchase(stan, batch, amountFen, chip(amountFen, atc().incrementAndGet()));
    }

    ISOMsg purchase(int stan, int batch, long amountFen, byte[] icc) throws Exception {
        String t2 = PAN + "D3112220";
        ISOMsg m = Messages.purchase(
                terminal,
                stan,
                batch,
                amountFen,
                PAN,
                "01",
                HexFormat.of().parseHex(t2 + "F"),
                icc,
                null,
                keys.dataKey(),
                LocalDateTime.now());
        MessageMac.sign(m, keys.macKey());
        return m;
    }

    /** What the card answers to a tap: its ARQC over the amount it was shown and its counter. */
    static byte[] chip(long signedAmountFen, int atc) {
        return chip(signedAmountFen, "0156", atc);
    }

    static byte[] chip(long signedAmountFen, String signedCurrency, int atc) {
        Tlv icc = new Tlv()
                .put("9F02", String.format("%012d", signedAmountFen))
                .put("9F03", "000000000000")
                .put("9F1A", "0156")
                .put("95", "0000000000")
                .put("5F2A", signedCurrency)
                .put("9A", "261129")
                .put("9C", "00")
                .put("9F37", "1A2B3C4D")
                .put("82", "0080")
                .put("9F36", String.format("%04X", atc));
        byte[] cardKey = EmvCrypto.cardMasterKey(UNIONPAY_IMK, PAN, "01");
        icc.put("9F26", EmvCrypto.arqc(cardKey, icc)).put("9F27", "80").put("9F10", "07010103A00000");
        return icc.encodeAll();
    }

    ISOMsg voidSale(int stan, int batch, long amountFen, int saleStan) throws Exception {
        return signed(Messages.voidSale(terminal, stan, batch, amountFen, batch, saleStan, null, LocalDateTime.now()));
    }

    ISOMsg refund(int stan, int batch, long amountFen, int saleBatch, int saleStan) throws Exception {
        return signed(Messages.refund(
                terminal, stan, batch, amountFen, saleBatch, saleStan, "1129", null, LocalDateTime.now()));
    }

    ISOMsg reversal(int originalStan, int batch, long amountFen) throws Exception {
        return signed(Messages.reversal(
                terminal, originalStan, batch, amountFen, null, Messages.REVERSAL_NO_ANSWER, LocalDateTime.now()));
    }

    ISOMsg settlement(int stan, int batch, SettlementTotals totals) throws Exception {
        return signed(Messages.settlement(terminal, stan, batch, totals, LocalDateTime.now()));
    }

    ISOMsg uploadLine(int stan, int batch, boolean refund, long amountFen, int lineStan) throws Exception {
        return signed(Messages.batchUploadLine(
                terminal, stan, batch, refund, amountFen, batch, lineStan, null, LocalDateTime.now()));
    }

    ISOMsg uploadEnd(int stan, int batch, int lines) throws Exception {
        return signed(Messages.batchUploadEnd(terminal, stan, batch, lines, LocalDateTime.now()));
    }

    private ISOMsg signed(ISOMsg m) throws Exception {
        MessageMac.sign(m, keys.macKey());
        return m;
    }

    /** Sends one message on a new connection and returns the answer. */
    ISOMsg send(ISOMsg m) throws Exception {
        return exchange(isoPort, m);
    }

    /** Field 39 of the answer to one message. */
    String rc(ISOMsg m) throws Exception {
        return send(m).getString(39);
    }

    /**
     * Sends every message at the same moment, each on its own connection from its own thread (they are connected
     * first and released together), and returns the answers' field 39 in the same order.
     */
    List<String> race(List<ISOMsg> messages) throws Exception {
        return race(
                isoPort,
                messages.stream().map(m -> (Sender) () -> exchangeOn(m)).toList());
    }

    /** Something to do at the same moment as others: returns what it got (a response code, or anything else). */
    @FunctionalInterface
    interface Sender {
        String go() throws Exception;
    }

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "race");
        t.setDaemon(true);
        return t;
    });

    /** Runs the senders at once (a barrier releases them together) and returns their results in order. */
    static List<String> race(int isoPort, List<Sender> senders) throws Exception {
        CyclicBarrier start = new CyclicBarrier(senders.size());
        List<Future<String>> results = new ArrayList<>();
        for (Sender s : senders) {
            results.add(POOL.submit(() -> {
                start.await();
                return s.go();
            }));
        }
        List<String> out = new ArrayList<>();
        for (Future<String> f : results) {
            out.add(f.get());
        }
        return out;
    }

    /** One message's exchange on a connection of its own (opened when the barrier releases it). */
    private String exchangeOn(ISOMsg m) throws Exception {
        return exchange(isoPort, m).getString(39);
    }

    static ISOMsg exchange(int port, ISOMsg m) throws Exception {
        NACChannel channel = ShanfuPackager.clientChannel("127.0.0.1", port, 30_000, com.shanfu.tms.TestStack.caPem());
        channel.connect();
        try {
            channel.send(m);
            return channel.receive();
        } finally {
            channel.disconnect();
        }
    }
}
