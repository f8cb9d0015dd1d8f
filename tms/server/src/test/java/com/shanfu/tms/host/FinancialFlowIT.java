package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.shanfu.protocol.crypto.PinBlock;
import com.shanfu.protocol.crypto.RsaOaep;
import com.shanfu.protocol.crypto.Tdes;
import com.shanfu.protocol.emv.EmvCrypto;
import com.shanfu.protocol.emv.Tlv;
import com.shanfu.protocol.iso.MessageMac;
import com.shanfu.protocol.iso.Messages;
import com.shanfu.protocol.iso.SettlementTotals;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.ArrayList;
import java.util.List;
import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.Parameters;
import com.shanfu.tms.payout.LedgerEntry;
import com.shanfu.tms.payout.Payout;
import com.shanfu.tms.payout.PayoutLine;
import com.shanfu.tms.payout.PayoutRun;
import com.shanfu.tms.payout.Payouts;
import org.springframework.boot.test.system.CapturedOutput;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.NACChannel;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A terminal's life over the real channels: activation with remote key loading over HTTP, then sign-on, purchase,
 * a repeated purchase, a tampered purchase and settlement over TCP (NAC framing, shared packager, real MACs),
 * against MariaDB.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"shanfu.demo=true", "logging.level.com.shanfu.tms.host.trace=DEBUG"})
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class FinancialFlowIT {

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

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> activate(String serial, String code, KeyPair pair) throws Exception {
        String body = json.writeValueAsString(new ActivationRequest(serial, code,
                Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())));
        return com.shanfu.tms.TestStack.recorded(http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
                        + ActivationRequest.PATH))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private DeviceService.Shipment ship() {
        Merchant m = merchants.register(UUID.randomUUID().toString(), "张三便利店", "上海", "5411");
        return devices.ship(m, "SF-Q1", UUID.randomUUID().toString(), "test");
    }

    @Test
    void five_wrong_activation_codes_lock_the_serial_even_for_the_right_code() throws Exception {
        DeviceService.Shipment s = ship();
        KeyPair pair = RsaOaep.generateKeyPair();
        for (int i = 1; i <= 4; i++) {
            HttpResponse<String> r = activate(s.device().serial(), "00000000".equals(s.activationCode()) ? "11111111" : "00000000", pair);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains((5 - i) + " tries left");
        }
        assertThat(activate(s.device().serial(), "99999999".equals(s.activationCode()) ? "11111111" : "99999999", pair).body())
                .contains("locked");
        HttpResponse<String> right = activate(s.device().serial(), s.activationCode(), pair);
        assertThat(right.statusCode()).isEqualTo(423);
        assertThat(right.body()).contains("activation-locked");
    }

    @Test
    void activated_terminal_signs_on_buys_once_and_settles_balanced() throws Exception {
        DeviceService.Shipment s = ship();
        // a key pair that is not the one the factory list registered for this device: refused, nothing bound
        HttpResponse<String> stranger = activate(s.device().serial(), s.activationCode(), RsaOaep.generateKeyPair());
        assertThat(stranger.statusCode()).as(stranger.body()).isEqualTo(403);
        assertThat(stranger.body()).contains("unregistered-key");
        KeyPair pair = TestStack.deviceKey(s.device().serial());
        HttpResponse<String> r = activate(s.device().serial(), s.activationCode(), pair);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        ActivationResponse a = json.readValue(r.body(), ActivationResponse.class);
        byte[] tmk = RsaOaep.unwrap(pair.getPrivate(), Base64.getDecoder().decode(a.wrappedTmk()));
        assertThat(HexFormat.of().withUpperCase().formatHex(Tdes.kcv(tmk, 4))).isEqualTo(a.tmkKcv());
        // the answer is signed by the TMS, for this device's key, with a certificate of the stack's CA
        String keyHash = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(pair.getPublic().getEncoded()));
        byte[] signature = Base64.getDecoder().decode(a.signature());
        assertThat(com.shanfu.protocol.tls.Tls.verifySigned(a.tmsCertificate(), TestStack.caPem(),
                a.signedText(keyHash).getBytes(java.nio.charset.StandardCharsets.UTF_8), signature)).isTrue();
        ActivationResponse redirected = new ActivationResponse(a.tid(), a.mid(), a.merchantName(), "203.0.113.7",
                a.hostPort(), a.wrappedTmk(), a.tmkKcv(), a.deviceCredential(), a.hostCa(), a.tmsCertificate(), a.signature());
        assertThat(com.shanfu.protocol.tls.Tls.verifySigned(a.tmsCertificate(), TestStack.caPem(),
                redirected.signedText(keyHash).getBytes(java.nio.charset.StandardCharsets.UTF_8), signature))
                .as("an answer sending the terminal to another host").isFalse();
        assertThat(com.shanfu.protocol.tls.Tls.verifySigned(a.tmsCertificate(), TestStack.caPem(),
                a.signedText("00" + keyHash.substring(2)).getBytes(java.nio.charset.StandardCharsets.UTF_8), signature))
                .as("an answer made for another device's key").isFalse();
        assertThat(activate(s.device().serial(), s.activationCode(), pair).statusCode()).as("code is one-time").isEqualTo(409);

        Messages.Terminal terminal = new Messages.Terminal(a.tid(), a.mid());
        NACChannel channel = ShanfuPackager.clientChannel("127.0.0.1", a.hostPort(), 10_000, TestStack.caPem());
        channel.connect();
        try {
            ISOMsg wrongSerial = exchange(channel, HostTerminal.signOnRequest(terminal, "SFQ1-999999", tmk));
            assertThat(wrongSerial.getString(39)).as("the TID was issued to another device").isEqualTo("97");
            assertThat(wrongSerial.hasField(62)).isFalse();
            ISOMsg request = HostTerminal.signOnRequest(terminal, s.device().serial(), tmk);
            ISOMsg signOn = exchange(channel, request);
            assertThat(signOn.getString(39)).isEqualTo("00");
            WorkingKeys keys = HostTerminal.openSignOn(request, signOn, tmk);

            ISOMsg purchase = purchase(terminal, 2, 1250, keys);
            ISOMsg approved = exchange(channel, purchase);
            assertThat(approved.getString(39)).isEqualTo("00");
            assertThat(MessageMac.verify(approved, keys.macKey())).isTrue();
            assertThat(approved.getString(37)).hasSize(12);
            assertThat(Tlv.parse(approved.getBytes(55)).get("91")).hasSize(10);

            ISOMsg repeated = exchange(channel, purchase(terminal, 2, 1250, keys));
            assertThat(repeated.getString(37)).as("same answer for the same TID+batch+STAN").isEqualTo(approved.getString(37));
            assertThat(exchange(channel, purchase(terminal, 2, 9900, keys)).getString(39)).isEqualTo("94");

            ISOMsg withPin = purchase(terminal, 7, 150_000, keys, "123456");
            assertThat(exchange(channel, withPin).getString(39)).as("right online PIN").isEqualTo("00");
            assertThat(exchange(channel, purchase(terminal, 8, 150_000, keys, "654321")).getString(39))
                    .as("wrong online PIN").isEqualTo("55");

            ISOMsg noChipData = purchase(terminal, 6, 1250, keys);
            noChipData.unset(55);
            MessageMac.sign(noChipData, keys.macKey());
            assertThat(exchange(channel, noChipData).getString(39)).as("malformed: format error").isEqualTo("30");

            ISOMsg tampered = purchase(terminal, 3, 1250, keys);
            tampered.set(4, "000000999999");
            assertThat(exchange(channel, tampered).getString(39)).isEqualTo("A0");
            long journalled = journal.count();

            ISOMsg wrongTotals = Messages.settlement(terminal, 4, 1, new SettlementTotals(999, 1, 0, 0), LocalDateTime.now());
            MessageMac.sign(wrongTotals, keys.macKey());
            assertThat(SettlementTotals.reconciliationCode(exchange(channel, wrongTotals).getString(48))).isEqualTo("2");

            ISOMsg settle = Messages.settlement(terminal, 5, 1, new SettlementTotals(151_250, 2, 0, 0), LocalDateTime.now());
            MessageMac.sign(settle, keys.macKey());
            ISOMsg settled = exchange(channel, settle);
            assertThat(settled.getString(39)).isEqualTo("00");
            assertThat(SettlementTotals.reconciliationCode(settled.getString(48))).isEqualTo("1");
            assertThat(journal.count()).as("the tampered message changed nothing").isEqualTo(journalled);
        } finally {
            channel.disconnect();
        }
    }

    @Test
    void a_reversal_undoes_an_approved_purchase_exactly_once_and_unknown_originals_are_acknowledged() throws Exception {
        try (SignedOn session = signedOn()) {
            Messages.Terminal terminal = session.terminal();
            NACChannel channel = session.channel();
            WorkingKeys keys = session.keys();
            long balanceBefore = balance();
            ISOMsg sale = purchase(terminal, 2, 4200, keys);
            assertThat(exchange(channel, sale).getString(39)).isEqualTo("00");
            assertThat(balance()).isEqualTo(balanceBefore - 4200);

            for (int attempt = 0; attempt < 2; attempt++) {
                ISOMsg reversal = Messages.reversal(terminal, 2, 1, 4200, sale.getBytes(55), Messages.REVERSAL_NO_ANSWER,
                        LocalDateTime.now());
                MessageMac.sign(reversal, keys.macKey());
                ISOMsg answer = exchange(channel, reversal);
                assertThat(answer.getMTI()).isEqualTo("0410");
                assertThat(answer.getString(39)).isEqualTo("00");
                assertThat(MessageMac.verify(answer, keys.macKey())).isTrue();
                assertThat(balance()).as("given back once, attempt " + attempt).isEqualTo(balanceBefore);
            }

            ISOMsg unknown = Messages.reversal(terminal, 3, 1, 999, null, Messages.REVERSAL_NO_ANSWER, LocalDateTime.now());
            MessageMac.sign(unknown, keys.macKey());
            assertThat(exchange(channel, unknown).getString(39)).isEqualTo("00");
            assertThat(exchange(channel, purchase(terminal, 3, 999, keys)).getString(39))
                    .as("a purchase arriving after its reversal is never charged").isEqualTo("12");
            assertThat(balance()).isEqualTo(balanceBefore);

            ISOMsg settle = Messages.settlement(terminal, 4, 1, new SettlementTotals(0, 0, 0, 0), LocalDateTime.now());
            MessageMac.sign(settle, keys.macKey());
            assertThat(SettlementTotals.reconciliationCode(exchange(channel, settle).getString(48))).isEqualTo("1");
        }
    }

    @Test
    void refunds_never_exceed_what_is_left_and_voids_take_back_a_whole_sale_of_the_open_batch() throws Exception {
        try (SignedOn session = signedOn()) {
            Messages.Terminal t = session.terminal();
            NACChannel channel = session.channel();
            WorkingKeys keys = session.keys();
            long start = balance();
            assertThat(exchange(channel, purchase(t, 2, 5000, keys)).getString(39)).isEqualTo("00");
            assertThat(signed(channel, keys, Messages.refund(t, 3, 1, 2000, 1, 2, "1129", null, LocalDateTime.now())))
                    .isEqualTo("00");
            assertThat(balance()).isEqualTo(start - 3000);
            assertThat(signed(channel, keys, Messages.refund(t, 4, 1, 3001, 1, 2, "1129", null, LocalDateTime.now())))
                    .as("above the original minus earlier refunds").isEqualTo("13");
            assertThat(signed(channel, keys, Messages.refund(t, 5, 1, 3000, 1, 2, "1129", null, LocalDateTime.now())))
                    .isEqualTo("00");
            assertThat(balance()).isEqualTo(start);
            assertThat(signed(channel, keys, Messages.voidSale(t, 6, 1, 5000, 1, 2, null, LocalDateTime.now())))
                    .as("a refunded sale cannot be voided").isEqualTo("12");

            assertThat(exchange(channel, purchase(t, 7, 800, keys)).getString(39)).isEqualTo("00");
            ISOMsg voidMsg = Messages.voidSale(t, 8, 1, 800, 1, 7, null, LocalDateTime.now());
            MessageMac.sign(voidMsg, keys.macKey());
            ISOMsg voided = exchange(channel, voidMsg);
            assertThat(voided.getString(39)).isEqualTo("00");
            ISOMsg again = Messages.voidSale(t, 8, 1, 800, 1, 7, null, LocalDateTime.now());
            MessageMac.sign(again, keys.macKey());
            assertThat(exchange(channel, again).getString(37)).as("a repeat gets the stored answer").isEqualTo(voided.getString(37));
            assertThat(signed(channel, keys, Messages.voidSale(t, 9, 1, 800, 1, 7, null, LocalDateTime.now())))
                    .as("voided once only").isEqualTo("12");
            assertThat(balance()).isEqualTo(start);
            assertThat(signed(channel, keys, Messages.voidSale(t, 10, 1, 100, 1, 99, null, LocalDateTime.now())))
                    .as("unknown original").isEqualTo("25");

            ISOMsg settle = Messages.settlement(t, 11, 1, new SettlementTotals(5000, 1, 5000, 2), LocalDateTime.now());
            MessageMac.sign(settle, keys.macKey());
            assertThat(SettlementTotals.reconciliationCode(exchange(channel, settle).getString(48))).isEqualTo("1");
        }
    }

    @Autowired
    com.shanfu.tms.refund.RefundRequests refundRequests;
    @Autowired
    com.shanfu.tms.config.PushTasks pushTasks;

    @Test
    void portal_refund_requests_at_once_never_take_more_than_is_left_and_a_refused_one_gives_it_back() throws Exception {
        try (SignedOn session = signedOn()) {
            assertThat(exchange(session.channel(), purchase(session.terminal(), 2, 5000, session.keys())).getString(39))
                    .isEqualTo("00");
            Merchant m = merchants.byMid(session.terminal().mid());
            var sale = journal.findByMerchantIdOrderByCreatedAtDesc(m.id(), org.springframework.data.domain.PageRequest.of(0, 1))
                    .getContent().getFirst();
            // eight requests of 30.00 at the same moment on a 50.00 sale: exactly one gets through
            var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
            java.util.List<java.util.concurrent.Future<Object>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String ref = "race-" + UUID.randomUUID();
                all.add(pool.submit(() -> {
                    try {
                        return refundRequests.request(m, sale.id(), 3000, ref, "owner");
                    } catch (com.shanfu.tms.web.TmsException e) {
                        return e.code();
                    }
                }));
            }
            java.util.List<Object> results = new java.util.ArrayList<>();
            for (var f : all) {
                results.add(f.get());
            }
            pool.close();
            assertThat(results).filteredOn(r -> r instanceof com.shanfu.tms.refund.RefundRequest).hasSize(1);
            assertThat(results).filteredOn("above-refundable"::equals).hasSize(7);
            var first = (com.shanfu.tms.refund.RefundRequest) results.stream()
                    .filter(r -> r instanceof com.shanfu.tms.refund.RefundRequest).findFirst().orElseThrow();

            // the same reference again is the same request, not a second one; another amount under it is refused
            assertThat(refundRequests.request(m, sale.id(), 3000, first.requestRef(), "owner").id()).isEqualTo(first.id());
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(com.shanfu.tms.web.TmsException.class,
                    () -> refundRequests.request(m, sale.id(), 2000, first.requestRef(), "owner")).code()).isEqualTo("request-ref-used");
            // what is left is 20.00; one fen more is refused with the amount in the message
            var above = org.assertj.core.api.Assertions.catchThrowableOfType(com.shanfu.tms.web.TmsException.class,
                    () -> refundRequests.request(m, sale.id(), 2001, "more-" + UUID.randomUUID(), "owner"));
            assertThat(above.getMessage()).contains("at most CNY 20.00");
            // another merchant cannot ask for a refund of this sale
            Merchant other = merchants.register(UUID.randomUUID().toString(), "别家小店", "上海", "5411");
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(com.shanfu.tms.web.TmsException.class,
                    () -> refundRequests.request(other, sale.id(), 100, "other-" + UUID.randomUUID(), "owner")).code())
                    .isEqualTo("unknown-transaction");

            // the terminal refuses the task: the request fails and its 30.00 may be asked for again
            var device = devices.bySerial(serialOf(sale.deviceId()));
            pushTasks.report(device, first.taskId(), false, "declined by the host (13)");
            assertThat(refundRequests.ofTransaction(sale)).singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo(com.shanfu.tms.refund.RefundRequest.Status.FAILED));
            assertThat(refundRequests.left(journal.findById(sale.id()).orElseThrow())).isEqualTo(5000);
            assertThat(refundRequests.request(m, sale.id(), 5000, "all-" + UUID.randomUUID(), "owner").status())
                    .isEqualTo(com.shanfu.tms.refund.RefundRequest.Status.PENDING);
        }
    }

    private String serialOf(Long deviceId) {
        return jdbc.queryForObject("SELECT serial FROM device WHERE id = ?", String.class, deviceId);
    }

    @Test
    void a_reversed_void_or_refund_puts_the_sale_back_exactly_once() throws Exception {
        try (SignedOn session = signedOn()) {
            Messages.Terminal t = session.terminal();
            NACChannel channel = session.channel();
            WorkingKeys keys = session.keys();
            long start = balance();
            assertThat(exchange(channel, purchase(t, 2, 7000, keys)).getString(39)).isEqualTo("00");
            assertThat(signed(channel, keys, Messages.voidSale(t, 3, 1, 7000, 1, 2, null, LocalDateTime.now()))).isEqualTo("00");
            assertThat(balance()).isEqualTo(start);
            for (int attempt = 0; attempt < 2; attempt++) {
                ISOMsg reversal = Messages.reversal(t, 3, 1, 7000, null, Messages.REVERSAL_NO_ANSWER, LocalDateTime.now());
                assertThat(signed(channel, keys, reversal)).isEqualTo("00");
                assertThat(balance()).as("the void is undone once, attempt " + attempt).isEqualTo(start - 7000);
            }
            assertThat(signed(channel, keys, Messages.refund(t, 4, 1, 3000, 1, 2, "1129", null, LocalDateTime.now())))
                    .as("the sale is approved again, so it can be refunded").isEqualTo("00");
            assertThat(balance()).isEqualTo(start - 4000);
            ISOMsg refundReversal = Messages.reversal(t, 4, 1, 3000, null, Messages.REVERSAL_NO_ANSWER, LocalDateTime.now());
            assertThat(signed(channel, keys, refundReversal)).isEqualTo("00");
            assertThat(signed(channel, keys, refundReversal)).as("a repeat changes nothing").isEqualTo("00");
            assertThat(balance()).isEqualTo(start - 7000);
            assertThat(signed(channel, keys, Messages.refund(t, 5, 1, 7000, 1, 2, "1129", null, LocalDateTime.now())))
                    .as("the whole sale is refundable again").isEqualTo("00");
            assertThat(balance()).isEqualTo(start);
            ISOMsg settle = Messages.settlement(t, 6, 1, new SettlementTotals(7000, 1, 7000, 1), LocalDateTime.now());
            assertThat(SettlementTotals.reconciliationCode(signedAnswer(channel, keys, settle).getString(48))).isEqualTo("1");
        }
    }

    @Test
    void an_unbalanced_batch_is_uploaded_reconciled_line_by_line_and_closed() throws Exception {
        try (SignedOn session = signedOn()) {
            Messages.Terminal t = session.terminal();
            NACChannel channel = session.channel();
            WorkingKeys keys = session.keys();
            assertThat(exchange(channel, purchase(t, 2, 1000, keys)).getString(39)).isEqualTo("00");
            assertThat(exchange(channel, purchase(t, 3, 2000, keys)).getString(39)).isEqualTo("00");

            ISOMsg settle = Messages.settlement(t, 4, 1, new SettlementTotals(1500, 2, 0, 0), LocalDateTime.now());
            MessageMac.sign(settle, keys.macKey());
            assertThat(SettlementTotals.reconciliationCode(exchange(channel, settle).getString(48))).isEqualTo("2");

            assertThat(signed(channel, keys, Messages.batchUploadLine(t, 5, 1, false, 1000, 1, 2, null, LocalDateTime.now())))
                    .isEqualTo("00");
            assertThat(signed(channel, keys, Messages.batchUploadLine(t, 6, 1, false, 500, 1, 9, null, LocalDateTime.now())))
                    .isEqualTo("00");
            ISOMsg end = Messages.batchUploadEnd(t, 7, 1, 2, LocalDateTime.now());
            MessageMac.sign(end, keys.macKey());
            ISOMsg ended = exchange(channel, end);
            assertThat(ended.getString(39)).isEqualTo("00");
            assertThat(ended.getString(48)).as("stan 3 missing on the terminal, stan 9 unknown to the host").isEqualTo("002");
            assertThat(jdbc.queryForList("select d.reason from settlement_difference d join batch b on b.id = d.batch_id"
                    + " join device v on v.id = b.device_id where v.tid = ? order by d.stan", String.class, t.tid()))
                    .containsExactly("NOT_ON_TERMINAL", "NOT_ON_HOST");

            ISOMsg again = Messages.settlement(t, 8, 1, new SettlementTotals(1500, 2, 0, 0), LocalDateTime.now());
            MessageMac.sign(again, keys.macKey());
            ISOMsg closed = exchange(channel, again);
            assertThat(SettlementTotals.reconciliationCode(closed.getString(48))).isEqualTo("1");
            assertThat(SettlementTotals.parse(closed.getString(48)).debitTotal()).as("closed on the host's journal").isEqualTo(3000);
        }
    }

    @Test
    void every_decline_reason_gets_its_response_code_and_charges_nothing() throws Exception {
        try (SignedOn session = signedOn()) {
            Messages.Terminal t = session.terminal();
            NACChannel channel = session.channel();
            WorkingKeys keys = session.keys();
            record Case(String what, String pan, String expiry, long amount, boolean badArqc, String expected) {
            }
            List<Case> cases = List.of(
                    new Case("blocked card", "6228480402564890042", "3112", 1000, false, "05"),
                    new Case("cryptogram the card did not make", PAN, "3112", 1000, true, "05"),
                    new Case("card unknown to the issuer", "6228480402564890075", "3112", 1000, false, "14"),
                    new Case("5.00 left on the account", "6228480402564890059", "3112", 501, false, "51"),
                    new Case("expired card", "6228480402564890034", "2401", 1000, false, "54"),
                    new Case("above the card's daily limit", "6228480402564890067", "3112", 100_001, false, "61"),
                    new Case("zero amount", PAN, "3112", 0, false, "13"));
            int stan = 2;
            long journalledApproved = approvedCount();
            for (Case c : cases) {
                ISOMsg answer = exchange(channel, purchase(t, stan++, 1, c.amount(), keys, null, c.pan(), c.expiry(), c.badArqc()));
                assertThat(answer.getString(39)).as(c.what()).isEqualTo(c.expected());
                assertThat(MessageMac.verify(answer, keys.macKey())).as(c.what() + ": signed").isTrue();
                assertThat(answer.hasField(38)).as(c.what() + ": no auth code").isFalse();
            }
            assertThat(exchange(channel, purchase(t, stan++, 1, 100_000, keys, null, "6228480402564890067", "3112", false))
                    .getString(39)).as("exactly the daily limit").isEqualTo("00");
            assertThat(exchange(channel, purchase(t, stan++, 1, 1, keys, null, "6228480402564890067", "3112", false))
                    .getString(39)).as("one fen more on the same day").isEqualTo("61");
            String wallet = "6228480402564890026";
            assertThat(exchange(channel, purchase(t, stan++, 1, 1000, keys, "000000", wallet, "3112", false)).getString(39))
                    .as("first wrong PIN").isEqualTo("55");
            assertThat(exchange(channel, purchase(t, stan++, 1, 1000, keys, "123456", wallet, "3112", false)).getString(39))
                    .as("the right PIN resets the count").isEqualTo("00");
            for (String expected : new String[] {"55", "55", "75", "75"}) {
                assertThat(exchange(channel, purchase(t, stan++, 1, 1000, keys, "111111", wallet, "3112", false)).getString(39))
                        .as("three wrong PINs in a row block the PIN").isEqualTo(expected);
            }
            assertThat(exchange(channel, purchase(t, stan++, 1, 1000, keys, "123456", wallet, "3112", false)).getString(39))
                    .as("blocked even for the right PIN").isEqualTo("75");
            assertThat(exchange(channel, purchase(t, stan++, 1, 1000, keys, null, wallet, "3112", false)).getString(39))
                    .as("below the CVM limit no PIN is asked").isEqualTo("00");
            ISOMsg dollars = purchase(t, stan++, 1, 1000, keys, null, PAN, "3112", false);
            dollars.set(49, "840");
            MessageMac.sign(dollars, keys.macKey());
            assertThat(exchange(channel, dollars).getString(39)).as("currency other than CNY").isEqualTo("12");
            assertThat(approvedCount()).as("only the sale at the limit and the wallet's two were approved")
                    .isEqualTo(journalledApproved + 3);
        }
    }

    @Test
    void echo_needs_the_mac_and_parameters_download_with_checked_keys(CapturedOutput output) throws Exception {
        try (SignedOn session = signedOn()) {
            Messages.Terminal t = session.terminal();
            NACChannel channel = session.channel();
            WorkingKeys keys = session.keys();
            assertThat(exchange(channel, Messages.echo(t, 2, 1, LocalDateTime.now())).getString(39))
                    .as("an unsigned echo").isEqualTo("A0");
            assertThat(signed(channel, keys, Messages.echo(t, 3, 1, LocalDateTime.now()))).isEqualTo("00");

            ISOMsg list = signedAnswer(channel, keys, Messages.parameters(t, 4, 1, Field60.CA_KEY_LIST, null, LocalDateTime.now()));
            List<Parameters.CaKeyRef> refs = Parameters.parseCaKeyList(list.getBytes(62));
            assertThat(refs).extracting(Parameters.CaKeyRef::rid).contains("A000000333", "A000000003", "A000000004");
            int stan = 5;
            for (Parameters.CaKeyRef ref : refs) {
                ISOMsg key = signedAnswer(channel, keys, Messages.parameters(t, stan++, 1, Field60.CA_KEY_DOWNLOAD,
                        Parameters.caKeyRequest(ref.rid(), ref.index()), LocalDateTime.now()));
                assertThat(Parameters.parseCaKey(key.getBytes(62)).ref()).as("checksum checked on parse").isEqualTo(ref);
            }
            assertThat(signed(channel, keys, Messages.parameters(t, stan++, 1, Field60.CA_KEY_DOWNLOAD,
                    Parameters.caKeyRequest("A000000999", 1), LocalDateTime.now()))).as("no such key").isEqualTo("25");
            assertThat(signed(channel, keys, Messages.parameters(t, stan++, 1, Field60.CA_KEY_END, null, LocalDateTime.now())))
                    .isEqualTo("00");

            List<String> aids = Parameters.parseAidList(signedAnswer(channel, keys,
                    Messages.parameters(t, stan++, 1, Field60.AID_LIST, null, LocalDateTime.now())).getBytes(62));
            assertThat(aids).startsWith("A000000333010101");
            Parameters.Aid unionPay = Parameters.parseAid(signedAnswer(channel, keys, Messages.parameters(t, stan++, 1,
                    Field60.AID_DOWNLOAD, Parameters.aidRequest("A000000333010101"), LocalDateTime.now())).getBytes(62));
            assertThat(unionPay.cvmLimitFen()).as("the configuration's CVM limit").isEqualTo(100_000);
            assertThat(unionPay.transactionLimitFen()).isEqualTo(500_000);
            assertThat(signed(channel, keys, Messages.parameters(t, stan++, 1, Field60.AID_END, null, LocalDateTime.now())))
                    .isEqualTo("00");
            ISOMsg noKeyNamed = Messages.parameters(t, stan++, 1, Field60.CA_KEY_DOWNLOAD, null, LocalDateTime.now());
            assertThat(signed(channel, keys, noKeyNamed)).as("72 without field 62").isEqualTo("30");

            assertThat(exchange(channel, purchase(t, stan++, 1250, keys, "123456")).getString(39)).isEqualTo("00");
            for (int i = 0; i < 50 && !output.getOut().contains("<context>"); i++) {
                Thread.sleep(100); // the trace is written after the answer has left
            }
            // the PAN travels only encrypted (field 35, wiped from the trace too): not even its masked form shows
            assertThat(output.getOut()).as("the transaction manager's trace is written")
                    .contains("<context>").doesNotContain("622848_________0018")
                    .doesNotContain(PAN).doesNotContain(PAN.substring(6, 15));
        }
    }

    @Test
    void a_settled_batch_pays_out_net_of_fees_by_card_type_and_the_ledger_balances() throws Exception {
        try (SignedOn session = signedOn()) {
            Messages.Terminal t = session.terminal();
            NACChannel channel = session.channel();
            WorkingKeys keys = session.keys();
            // debit 0.38% capped at 20.00, credit 0.60% (the STANDARD plan): 10000.00 debit → 20.00 (capped),
            // 123.45 debit → 0.47, 500.00 credit → 3.00; refund 23.45 gives no fee back
            assertThat(exchange(channel, purchase(t, 2, 1, 1_000_000, keys, "123456", PAN, "3112", false)).getString(39)).isEqualTo("00");
            assertThat(exchange(channel, purchase(t, 3, 1, 12_345, keys, null, PAN, "3112", false)).getString(39)).isEqualTo("00");
            assertThat(exchange(channel, purchase(t, 4, 1, 50_000, keys, null, "6258091234567894", "3112", false)).getString(39)).isEqualTo("00");
            assertThat(signed(channel, keys, Messages.refund(t, 5, 1, 2_345, 1, 3, "1129", null, LocalDateTime.now()))).isEqualTo("00");
            ISOMsg settle = Messages.settlement(t, 6, 1, new SettlementTotals(1_062_345, 3, 2_345, 1), LocalDateTime.now());
            assertThat(SettlementTotals.reconciliationCode(signedAnswer(channel, keys, settle).getString(48))).isEqualTo("1");

            Merchant m = merchants.byMid(t.mid());
            List<Payout> mine = payouts.ofMerchant(m.id());
            assertThat(mine).hasSize(1);
            Payout p = mine.getFirst();
            assertThat(p.grossFen()).isEqualTo(1_062_345);
            assertThat(p.refundsFen()).isEqualTo(2_345);
            assertThat(p.feeFen()).isEqualTo(2_000 + 47 + 300);
            assertThat(p.netFen()).isEqualTo(1_062_345 - 2_345 - 2_347);
            assertThat(p.valueDate()).as("T+1").isEqualTo(p.businessDate().plusDays(1));
            assertThat(payouts.lines(p.id())).extracting(PayoutLine::cardType).as("a refund carries its sale's card type")
                    .containsExactlyInAnyOrder("DEBIT", "DEBIT", "CREDIT", "DEBIT");

            PayoutRun run = payouts.run(p.valueDate(), "test");
            String line = run.csv().lines().filter(l -> l.contains(t.mid())).findFirst().orElseThrow();
            assertThat(line).contains(",\"张三便利店\",").contains(",10576.53,CNY," + p.id());
            assertThat(payouts.run(p.valueDate(), "again").csv()).as("the same file again").isEqualTo(run.csv());
            assertThat(payouts.ofMerchant(m.id()).getFirst().status()).isEqualTo(Payout.PAID);
            Payouts.LedgerBalance ledger = payouts.balance();
            assertThat(ledger.balanced()).as(ledger.toString()).isTrue();
            assertThat(jdbc.queryForObject("select sum(debit_fen) - sum(credit_fen) from ledger_entry where account = ?"
                    + " and merchant_id = ?", Long.class, LedgerEntry.MERCHANT_PAYABLE, m.id())).as("nothing left owed").isZero();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.update("update ledger_entry set debit_fen = 0"))
                    .as("the ledger is append-only").hasMessageContaining("append-only");
        }
    }

    @Test
    void a_random_stream_of_sales_refunds_voids_and_reversals_pays_out_to_the_cent() throws Exception {
        java.util.Random random = new java.util.Random(20261129L);
        try (SignedOn session = signedOn()) {
            Messages.Terminal t = session.terminal();
            NACChannel channel = session.channel();
            WorkingKeys keys = session.keys();
            String[] cards = {PAN, "6258091234567894"};
            int stan = 2;
            long expectedNet = 0;
            for (int batch = 1; batch <= 2; batch++) {
                java.util.Map<Integer, long[]> sales = new java.util.LinkedHashMap<>(); // stan → amount, refunded, credit
                long debit = 0;
                long credit = 0;
                int debits = 0;
                int credits = 0;
                for (int i = 0; i < 150; i++) {
                    int dice = random.nextInt(10);
                    if (dice < 6 || sales.isEmpty()) {
                        int card = random.nextInt(2);
                        long amount = 1 + random.nextInt(random.nextBoolean() ? 10_000 : 2_000_000);
                        int s = stan++;
                        if ("00".equals(exchange(channel, purchase(t, s, batch, amount, keys, amount >= 100_000 ? "123456" : null,
                                cards[card], "3112", false)).getString(39))) {
                            sales.put(s, new long[] {amount, 0, card});
                            debit += amount;
                            debits++;
                        }
                    } else {
                        var keysOf = new ArrayList<>(sales.keySet());
                        int original = keysOf.get(random.nextInt(keysOf.size()));
                        long[] sale = sales.get(original);
                        if (dice < 8 && sale[0] > sale[1]) {
                            long amount = 1 + (long) (random.nextDouble() * (sale[0] - sale[1]));
                            if ("00".equals(signed(channel, keys, Messages.refund(t, stan++, batch, amount, batch, original,
                                    "1129", null, LocalDateTime.now())))) {
                                sale[1] += amount;
                                credit += amount;
                                credits++;
                            }
                        } else if (dice == 8 && sale[1] == 0) {
                            if ("00".equals(signed(channel, keys, Messages.voidSale(t, stan++, batch, sale[0], batch, original,
                                    null, LocalDateTime.now())))) {
                                sales.remove(original);
                                debit -= sale[0];
                                debits--;
                            }
                        } else if (sale[1] == 0) {
                            ISOMsg reversal = Messages.reversal(t, original, batch, sale[0], null, Messages.REVERSAL_NO_ANSWER,
                                    LocalDateTime.now());
                            assertThat(signed(channel, keys, reversal)).isEqualTo("00");
                            sales.remove(original);
                            debit -= sale[0];
                            debits--;
                        }
                    }
                }
                ISOMsg settle = Messages.settlement(t, stan++, batch, new SettlementTotals(debit, debits, credit, credits),
                        LocalDateTime.now());
                assertThat(SettlementTotals.reconciliationCode(signedAnswer(channel, keys, settle).getString(48)))
                        .as("batch " + batch + " balances").isEqualTo("1");
                for (long[] sale : sales.values()) {
                    expectedNet += sale[0] - com.shanfu.tms.merchant.FeeSchedule.STANDARD.feeFen(sale[0], sale[2] == 1);
                }
                expectedNet -= credit;
            }
            List<Payout> mine = payouts.ofMerchant(merchants.byMid(t.mid()).id());
            assertThat(mine).hasSize(2);
            assertThat(mine.stream().mapToLong(Payout::netFen).sum()).isEqualTo(expectedNet);
            for (Payout p : mine) {
                assertThat(payouts.lines(p.id()).stream().mapToLong(PayoutLine::netFen).sum()).isEqualTo(p.netFen());
            }
            assertThat(payouts.balance().balanced()).isTrue();
        }
    }

    private long approvedCount() {
        return jdbc.queryForObject("select count(*) from txn where status = 'APPROVED'", Long.class);
    }

    private static ISOMsg signedAnswer(NACChannel channel, WorkingKeys keys, ISOMsg m) throws Exception {
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

    private SignedOn signedOn() throws Exception {
        DeviceService.Shipment s = ship();
        KeyPair pair = TestStack.deviceKey(s.device().serial());
        ActivationResponse a = json.readValue(activate(s.device().serial(), s.activationCode(), pair).body(),
                ActivationResponse.class);
        byte[] tmk = RsaOaep.unwrap(pair.getPrivate(), Base64.getDecoder().decode(a.wrappedTmk()));
        Messages.Terminal terminal = new Messages.Terminal(a.tid(), a.mid());
        NACChannel channel = ShanfuPackager.clientChannel("127.0.0.1", a.hostPort(), 10_000, TestStack.caPem());
        channel.connect();
        ISOMsg request = HostTerminal.signOnRequest(terminal, s.device().serial(), tmk);
        WorkingKeys keys = HostTerminal.openSignOn(request, exchange(channel, request), tmk);
        return new SignedOn(terminal, channel, keys);
    }

    private static String signed(NACChannel channel, WorkingKeys keys, ISOMsg m) throws Exception {
        MessageMac.sign(m, keys.macKey());
        ISOMsg answer = exchange(channel, m);
        assertThat(MessageMac.verify(answer, keys.macKey())).isTrue();
        return answer.getString(39);
    }

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Autowired
    com.shanfu.tms.keys.SecurityModule securityModule;

    private long balance() {
        return jdbc.queryForObject("select balance_fen from issuer_account where pan_hash = ?", Long.class,
                securityModule.lookupHash(PAN));
    }

    private static ISOMsg exchange(NACChannel channel, ISOMsg request) throws Exception {
        channel.send(request);
        return channel.receive();
    }

    private static ISOMsg purchase(Messages.Terminal terminal, int stan, long amountFen, WorkingKeys keys) throws Exception {
        return purchase(terminal, stan, amountFen, keys, null);
    }

    private static ISOMsg purchase(Messages.Terminal terminal, int stan, long amountFen, WorkingKeys keys, String pin)
            throws Exception {
        return purchase(terminal, stan, 1, amountFen, keys, pin, PAN, "3112", false);
    }

    /** A purchase by a UnionPay card (the demo issuer's key), optionally with a cryptogram the card did not make. */
    static ISOMsg purchase(Messages.Terminal terminal, int stan, int batch, long amountFen, WorkingKeys keys, String pin,
                           String pan, String expiry, boolean badCryptogram) throws Exception {
        Tlv icc = new Tlv().put("9F02", String.format("%012d", amountFen)).put("9F03", "000000000000")
                .put("9F1A", "0156").put("95", "0000000000").put("5F2A", "0156").put("9A", "261129").put("9C", "00")
                .put("9F37", "1A2B3C4D").put("82", "0080").put("9F36", String.format("%04X", ATC.incrementAndGet()));
        byte[] cardKey = EmvCrypto.cardMasterKey(UNIONPAY_IMK, pan, "01");
        byte[] arqc = EmvCrypto.arqc(cardKey, icc);
        if (badCryptogram) {
            arqc[0] ^= 0x55;
        }
        icc.put("9F26", arqc).put("9F27", "80").put("9F10", "07010103A00000");
        String t2 = pan + "D" + expiry + "220";
        byte[] track2 = HexFormat.of().parseHex(t2.length() % 2 == 0 ? t2 : t2 + "F");
        byte[] pinBlock = pin == null ? null : PinBlock.encrypt(keys.pinKey(), pin, pan);
        ISOMsg m = Messages.purchase(terminal, stan, batch, amountFen, pan, "01", track2, icc.encodeAll(), pinBlock,
                keys.dataKey(), LocalDateTime.now());
        MessageMac.sign(m, keys.macKey());
        return m;
    }
}
