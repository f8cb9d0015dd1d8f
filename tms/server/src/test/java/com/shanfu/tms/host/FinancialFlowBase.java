package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.shanfu.protocol.crypto.PinBlock;
import com.shanfu.protocol.crypto.RsaOaep;
import com.shanfu.protocol.emv.EmvCrypto;
import com.shanfu.protocol.emv.Tlv;
import com.shanfu.protocol.iso.MessageMac;
import com.shanfu.protocol.iso.Messages;
import com.shanfu.protocol.iso.ShanfuPackager;
import com.shanfu.protocol.iso.WorkingKeys;
import com.shanfu.protocol.management.ActivationRequest;
import com.shanfu.protocol.management.ActivationResponse;
import com.shanfu.tms.TestStack;
import com.shanfu.tms.device.DeviceService;
import com.shanfu.tms.journal.BatchRepository;
import com.shanfu.tms.journal.TxnRepository;
import com.shanfu.tms.merchant.Merchant;
import com.shanfu.tms.merchant.MerchantService;
import com.shanfu.tms.payout.Payouts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.NACChannel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the financial flow tests share: one running TMS (HTTP and the ISO host over TLS) on MariaDB, shops with
 * activated terminals, and the messages a terminal sends, MAC'd with real keys. {@link FinancialFlowIT} and
 * {@link RefundsAndPayoutsIT} run on the same Spring context.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"shanfu.demo=true", "logging.level.com.shanfu.tms.host.trace=DEBUG"})
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
abstract class FinancialFlowBase {

    static final int ISO_PORT = TestStack.freePort();
    static final byte[] UNIONPAY_IMK = HexFormat.of().parseHex("0123456789ABCDEFFEDCBA9876543210");
    static final String PAN = "6228480402564890018";
    /** The card's application transaction counter: it rises with every tap, as on a real card. */
    static final java.util.concurrent.atomic.AtomicInteger ATC = new java.util.concurrent.atomic.AtomicInteger();

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        TestStack.registerHost(registry, "tms_flow", ISO_PORT);
    }

    @LocalServerPort
    int port;

    @Autowired
    MerchantService merchants;

    @Autowired
    DeviceService devices;

    @Autowired
    TxnRepository journal;

    @Autowired
    BatchRepository batches;

    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> activate(String serial, String code, KeyPair pair) throws Exception {
        String body = json.writeValueAsString(new ActivationRequest(
                serial,
                code,
                Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())));
        return com.shanfu.tms.TestStack.recorded(http.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + ActivationRequest.PATH))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    DeviceService.Shipment ship() {
        Merchant m = merchants.register(UUID.randomUUID().toString(), "张三便利店", "上海", "5411");
        return devices.ship(m, "SF-Q1", UUID.randomUUID().toString(), "test");
    }

    @Autowired
    com.shanfu.tms.refund.RefundRequests refundRequests;

    @Autowired
    com.shanfu.tms.config.PushTasks pushTasks;

    String serialOf(Long deviceId) {
        return jdbc.queryForObject("SELECT serial FROM device WHERE id = ?", String.class, deviceId);
    }

    long approvedCount() {
        return jdbc.queryForObject("select count(*) from txn where status = 'APPROVED'", Long.class);
    }

    static ISOMsg signedAnswer(NACChannel channel, WorkingKeys keys, ISOMsg m) throws Exception {
        MessageMac.sign(m, keys.macKey());
        ISOMsg answer = exchange(channel, m);
        assertThat(answer.getString(39)).isEqualTo("00");
        assertThat(MessageMac.verify(answer, keys.macKey())).isTrue();
        return answer;
    }

    @Autowired
    Payouts payouts;

    /** A shipped, activated and signed-on terminal with its open connection to the host. */
    record SignedOn(Messages.Terminal terminal, NACChannel channel, WorkingKeys keys) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            channel.disconnect();
        }
    }

    SignedOn signedOn() throws Exception {
        DeviceService.Shipment s = ship();
        KeyPair pair = TestStack.deviceKey(s.device().serial());
        ActivationResponse a = json.readValue(
                activate(s.device().serial(), s.activationCode(), pair).body(), ActivationResponse.class);
        byte[] tmk = RsaOaep.unwrap(pair.getPrivate(), Base64.getDecoder().decode(a.wrappedTmk()));
        Messages.Terminal terminal = new Messages.Terminal(a.tid(), a.mid());
        NACChannel channel = ShanfuPackager.clientChannel("127.0.0.1", a.hostPort(), 10_000, TestStack.caPem());
        channel.connect();
        ISOMsg request = HostTerminal.signOnRequest(terminal, s.device().serial(), tmk);
        WorkingKeys keys = HostTerminal.openSignOn(request, exchange(channel, request), tmk);
        return new SignedOn(terminal, channel, keys);
    }

    static String signed(NACChannel channel, WorkingKeys keys, ISOMsg m) throws Exception {
        MessageMac.sign(m, keys.macKey());
        ISOMsg answer = exchange(channel, m);
        assertThat(MessageMac.verify(answer, keys.macKey())).isTrue();
        return answer.getString(39);
    }

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Autowired
    com.shanfu.tms.keys.SecurityModule securityModule;

    long balance() {
        return jdbc.queryForObject(
                "select balance_fen from issuer_account where pan_hash = ?",
                Long.class,
                securityModule.lookupHash(PAN));
    }

    static ISOMsg exchange(NACChannel channel, ISOMsg request) throws Exception {
        channel.send(request);
        return channel.receive();
    }

    static ISOMsg purchase(Messages.Terminal terminal, int stan, long amountFen, WorkingKeys keys) throws Exception {
        return purchase(terminal, stan, amountFen, keys, null);
    }

    static ISOMsg purchase(Messages.Terminal terminal, int stan, long amountFen, WorkingKeys keys, String pin)
            throws Exception {
        return purchase(terminal, stan, 1, amountFen, keys, pin, PAN, "3112", false);
    }

    /** A purchase by a UnionPay card (the demo issuer's key), optionally with a cryptogram the card did not make. */
    static ISOMsg purchase(
            Messages.Terminal terminal,
            int stan,
            int batch,
            long amountFen,
            WorkingKeys keys,
            String pin,
            String pan,
            String expiry,
            boolean badCryptogram)
            throws Exception {
        Tlv icc = new Tlv()
                .put("9F02", String.format("%012d", amountFen))
                .put("9F03", "000000000000")
                .put("9F1A", "0156")
                .put("95", "0000000000")
                .put("5F2A", "0156")
                .put("9A", "261129")
                .put("9C", "00")
                .put("9F37", "1A2B3C4D")
                .put("82", "0080")
                .put("9F36", String.format("%04X", ATC.incrementAndGet()));
        byte[] cardKey = EmvCrypto.cardMasterKey(UNIONPAY_IMK, pan, "01");
        byte[] arqc = EmvCrypto.arqc(cardKey, icc);
        if (badCryptogram) {
            arqc[0] ^= 0x55;
        }
        icc.put("9F26", arqc).put("9F27", "80").put("9F10", "07010103A00000");
        String t2 = pan + "D" + expiry + "220";
        byte[] track2 = HexFormat.of().parseHex(t2.length() % 2 == 0 ? t2 : t2 + "F");
        byte[] pinBlock = pin == null ? null : PinBlock.encrypt(keys.pinKey(), pin, pan);
        ISOMsg m = Messages.purchase(
                terminal,
                stan,
                batch,
                amountFen,
                pan,
                "01",
                track2,
                icc.encodeAll(),
                pinBlock,
                keys.dataKey(),
                LocalDateTime.now());
        MessageMac.sign(m, keys.macKey());
        return m;
    }
}
