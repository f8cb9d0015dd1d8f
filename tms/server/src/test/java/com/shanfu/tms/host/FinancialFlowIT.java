package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.protocol.crypto.RsaOaep;
import com.shanfu.protocol.crypto.Tdes;
import com.shanfu.protocol.emv.Tlv;
import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.MessageMac;
import com.shanfu.protocol.iso.Messages;
import com.shanfu.protocol.iso.Parameters;
import com.shanfu.protocol.iso.SettlementTotals;
import com.shanfu.protocol.iso.ShanfuPackager;
import com.shanfu.protocol.iso.WorkingKeys;
import com.shanfu.protocol.management.ActivationResponse;
import com.shanfu.tms.TestStack;
import com.shanfu.tms.device.DeviceService;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.NACChannel;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.system.CapturedOutput;

/**
 * A terminal's life over the real channels: activation with remote key loading over HTTP, then sign-on, purchase,
 * a repeated purchase, a tampered purchase, reversal, declines, echo and parameters, and settlement over TCP (NAC
 * framing, shared packager, real MACs), against MariaDB.
 */
class FinancialFlowIT extends FinancialFlowBase {

    @Test
    void five_wrong_activation_codes_lock_the_serial_even_for_the_right_code() throws Exception {
        DeviceService.Shipment s = ship();
        KeyPair pair = RsaOaep.generateKeyPair();
        for (int i = 1; i <= 4; i++) {
            HttpResponse<String> r = activate(
                    s.device().serial(), "00000000".equals(s.activationCode()) ? "11111111" : "00000000", pair);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains((5 - i) + " tries left");
        }
        assertThat(activate(s.device().serial(), "99999999".equals(s.activationCode()) ? "11111111" : "99999999", pair)
                        .body())
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
        String keyHash = HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(pair.getPublic().getEncoded()));
        byte[] signature = Base64.getDecoder().decode(a.signature());
        assertThat(com.shanfu.protocol.tls.Tls.verifySigned(
                        a.tmsCertificate(),
                        TestStack.caPem(),
                        a.signedText(keyHash).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        signature))
                .isTrue();
        ActivationResponse redirected = new ActivationResponse(
                a.tid(),
                a.mid(),
                a.merchantName(),
                "203.0.113.7",
                a.hostPort(),
                a.wrappedTmk(),
                a.tmkKcv(),
                a.deviceCredential(),
                a.hostCa(),
                a.tmsCertificate(),
                a.releaseKeys(),
                a.signature());
        assertThat(com.shanfu.protocol.tls.Tls.verifySigned(
                        a.tmsCertificate(),
                        TestStack.caPem(),
                        redirected.signedText(keyHash).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        signature))
                .as("an answer sending the terminal to another host")
                .isFalse();
        assertThat(com.shanfu.protocol.tls.Tls.verifySigned(
                        a.tmsCertificate(),
                        TestStack.caPem(),
                        a.signedText("00" + keyHash.substring(2)).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        signature))
                .as("an answer made for another device's key")
                .isFalse();
        assertThat(activate(s.device().serial(), s.activationCode(), pair).statusCode())
                .as("code is one-time")
                .isEqualTo(409);

        Messages.Terminal terminal = new Messages.Terminal(a.tid(), a.mid());
        NACChannel channel = ShanfuPackager.clientChannel("127.0.0.1", a.hostPort(), 10_000, TestStack.caPem());
        channel.connect();
        try {
            ISOMsg wrongSerial = exchange(channel, HostTerminal.signOnRequest(terminal, "SFQ1-999999", tmk));
            assertThat(wrongSerial.getString(39))
                    .as("the TID was issued to another device")
                    .isEqualTo("97");
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
            assertThat(repeated.getString(37))
                    .as("same answer for the same TID+batch+STAN")
                    .isEqualTo(approved.getString(37));
            assertThat(exchange(channel, purchase(terminal, 2, 9900, keys)).getString(39))
                    .isEqualTo("94");

            ISOMsg withPin = purchase(terminal, 7, 150_000, keys, "123456");
            assertThat(exchange(channel, withPin).getString(39))
                    .as("right online PIN")
                    .isEqualTo("00");
            assertThat(exchange(channel, purchase(terminal, 8, 150_000, keys, "654321"))
                            .getString(39))
                    .as("wrong online PIN")
                    .isEqualTo("55");

            ISOMsg noChipData = purchase(terminal, 6, 1250, keys);
            noChipData.unset(55);
            MessageMac.sign(noChipData, keys.macKey());
            assertThat(exchange(channel, noChipData).getString(39))
                    .as("malformed: format error")
                    .isEqualTo("30");

            ISOMsg tampered = purchase(terminal, 3, 1250, keys);
            tampered.set(4, "000000999999");
            assertThat(exchange(channel, tampered).getString(39)).isEqualTo("A0");
            long journalled = journal.count();

            ISOMsg wrongTotals =
                    Messages.settlement(terminal, 4, 1, new SettlementTotals(999, 1, 0, 0), LocalDateTime.now());
            MessageMac.sign(wrongTotals, keys.macKey());
            assertThat(SettlementTotals.reconciliationCode(
                            exchange(channel, wrongTotals).getString(48)))
                    .isEqualTo("2");

            ISOMsg settle =
                    Messages.settlement(terminal, 5, 1, new SettlementTotals(151_250, 2, 0, 0), LocalDateTime.now());
            MessageMac.sign(settle, keys.macKey());
            ISOMsg settled = exchange(channel, settle);
            assertThat(settled.getString(39)).isEqualTo("00");
            assertThat(SettlementTotals.reconciliationCode(settled.getString(48)))
                    .isEqualTo("1");
            assertThat(journal.count())
                    .as("the tampered message changed nothing")
                    .isEqualTo(journalled);
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
                ISOMsg reversal = Messages.reversal(
                        terminal, 2, 1, 4200, sale.getBytes(55), Messages.REVERSAL_NO_ANSWER, LocalDateTime.now());
                MessageMac.sign(reversal, keys.macKey());
                ISOMsg answer = exchange(channel, reversal);
                assertThat(answer.getMTI()).isEqualTo("0410");
                assertThat(answer.getString(39)).isEqualTo("00");
                assertThat(MessageMac.verify(answer, keys.macKey())).isTrue();
                assertThat(balance()).as("given back once, attempt " + attempt).isEqualTo(balanceBefore);
            }

            ISOMsg unknown =
                    Messages.reversal(terminal, 3, 1, 999, null, Messages.REVERSAL_NO_ANSWER, LocalDateTime.now());
            MessageMac.sign(unknown, keys.macKey());
            assertThat(exchange(channel, unknown).getString(39)).isEqualTo("00");
            assertThat(exchange(channel, purchase(terminal, 3, 999, keys)).getString(39))
                    .as("a purchase arriving after its reversal is never charged")
                    .isEqualTo("12");
            assertThat(balance()).isEqualTo(balanceBefore);

            ISOMsg settle = Messages.settlement(terminal, 4, 1, new SettlementTotals(0, 0, 0, 0), LocalDateTime.now());
            MessageMac.sign(settle, keys.macKey());
            assertThat(SettlementTotals.reconciliationCode(
                            exchange(channel, settle).getString(48)))
                    .isEqualTo("1");
        }
    }

    @Test
    void every_decline_reason_gets_its_response_code_and_charges_nothing() throws Exception {
        try (SignedOn session = signedOn()) {
            Messages.Terminal t = session.terminal();
            NACChannel channel = session.channel();
            WorkingKeys keys = session.keys();
            record Case(String what, String pan, String expiry, long amount, boolean badArqc, String expected) {}
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
                ISOMsg answer = exchange(
                        channel, purchase(t, stan++, 1, c.amount(), keys, null, c.pan(), c.expiry(), c.badArqc()));
                assertThat(answer.getString(39)).as(c.what()).isEqualTo(c.expected());
                assertThat(MessageMac.verify(answer, keys.macKey()))
                        .as(c.what() + ": signed")
                        .isTrue();
                assertThat(answer.hasField(38)).as(c.what() + ": no auth code").isFalse();
            }
            assertThat(exchange(
                                    channel,
                                    purchase(t, stan++, 1, 100_000, keys, null, "6228480402564890067", "3112", false))
                            .getString(39))
                    .as("exactly the daily limit")
                    .isEqualTo("00");
            assertThat(exchange(channel, purchase(t, stan++, 1, 1, keys, null, "6228480402564890067", "3112", false))
                            .getString(39))
                    .as("one fen more on the same day")
                    .isEqualTo("61");
            String wallet = "6228480402564890026";
            assertThat(exchange(channel, purchase(t, stan++, 1, 1000, keys, "000000", wallet, "3112", false))
                            .getString(39))
                    .as("first wrong PIN")
                    .isEqualTo("55");
            assertThat(exchange(channel, purchase(t, stan++, 1, 1000, keys, "123456", wallet, "3112", false))
                            .getString(39))
                    .as("the right PIN resets the count")
                    .isEqualTo("00");
            for (String expected : new String[] {"55", "55", "75", "75"}) {
                assertThat(exchange(channel, purchase(t, stan++, 1, 1000, keys, "111111", wallet, "3112", false))
                                .getString(39))
                        .as("three wrong PINs in a row block the PIN")
                        .isEqualTo(expected);
            }
            assertThat(exchange(channel, purchase(t, stan++, 1, 1000, keys, "123456", wallet, "3112", false))
                            .getString(39))
                    .as("blocked even for the right PIN")
                    .isEqualTo("75");
            assertThat(exchange(channel, purchase(t, stan++, 1, 1000, keys, null, wallet, "3112", false))
                            .getString(39))
                    .as("below the CVM limit no PIN is asked")
                    .isEqualTo("00");
            ISOMsg dollars = purchase(t, stan++, 1, 1000, keys, null, PAN, "3112", false);
            dollars.set(49, "840");
            MessageMac.sign(dollars, keys.macKey());
            assertThat(exchange(channel, dollars).getString(39))
                    .as("currency other than CNY")
                    .isEqualTo("12");
            assertThat(approvedCount())
                    .as("only the sale at the limit and the wallet's two were approved")
                    .isEqualTo(journalledApproved + 3);
        }
    }

    @Test
    void echo_needs_the_mac_and_parameters_download_with_checked_keys(CapturedOutput output) throws Exception {
        try (SignedOn session = signedOn()) {
            Messages.Terminal t = session.terminal();
            NACChannel channel = session.channel();
            WorkingKeys keys = session.keys();
            assertThat(exchange(channel, Messages.echo(t, 2, 1, LocalDateTime.now()))
                            .getString(39))
                    .as("an unsigned echo")
                    .isEqualTo("A0");
            assertThat(signed(channel, keys, Messages.echo(t, 3, 1, LocalDateTime.now())))
                    .isEqualTo("00");

            ISOMsg list = signedAnswer(
                    channel, keys, Messages.parameters(t, 4, 1, Field60.CA_KEY_LIST, null, LocalDateTime.now()));
            List<Parameters.CaKeyRef> refs = Parameters.parseCaKeyList(list.getBytes(62));
            assertThat(refs).extracting(Parameters.CaKeyRef::rid).contains("A000000333", "A000000003", "A000000004");
            int stan = 5;
            for (Parameters.CaKeyRef ref : refs) {
                ISOMsg key = signedAnswer(
                        channel,
                        keys,
                        Messages.parameters(
                                t,
                                stan++,
                                1,
                                Field60.CA_KEY_DOWNLOAD,
                                Parameters.caKeyRequest(ref.rid(), ref.index()),
                                LocalDateTime.now()));
                assertThat(Parameters.parseCaKey(key.getBytes(62)).ref())
                        .as("checksum checked on parse")
                        .isEqualTo(ref);
            }
            assertThat(signed(
                            channel,
                            keys,
                            Messages.parameters(
                                    t,
                                    stan++,
                                    1,
                                    Field60.CA_KEY_DOWNLOAD,
                                    Parameters.caKeyRequest("A000000999", 1),
                                    LocalDateTime.now())))
                    .as("no such key")
                    .isEqualTo("25");
            assertThat(signed(
                            channel,
                            keys,
                            Messages.parameters(t, stan++, 1, Field60.CA_KEY_END, null, LocalDateTime.now())))
                    .isEqualTo("00");

            List<String> aids = Parameters.parseAidList(signedAnswer(
                            channel,
                            keys,
                            Messages.parameters(t, stan++, 1, Field60.AID_LIST, null, LocalDateTime.now()))
                    .getBytes(62));
            assertThat(aids).startsWith("A000000333010101");
            Parameters.Aid unionPay = Parameters.parseAid(signedAnswer(
                            channel,
                            keys,
                            Messages.parameters(
                                    t,
                                    stan++,
                                    1,
                                    Field60.AID_DOWNLOAD,
                                    Parameters.aidRequest("A000000333010101"),
                                    LocalDateTime.now()))
                    .getBytes(62));
            assertThat(unionPay.cvmLimitFen())
                    .as("the configuration's CVM limit")
                    .isEqualTo(100_000);
            assertThat(unionPay.transactionLimitFen()).isEqualTo(500_000);
            assertThat(signed(
                            channel,
                            keys,
                            Messages.parameters(t, stan++, 1, Field60.AID_END, null, LocalDateTime.now())))
                    .isEqualTo("00");
            ISOMsg noKeyNamed = Messages.parameters(t, stan++, 1, Field60.CA_KEY_DOWNLOAD, null, LocalDateTime.now());
            assertThat(signed(channel, keys, noKeyNamed))
                    .as("72 without field 62")
                    .isEqualTo("30");

            assertThat(exchange(channel, purchase(t, stan++, 1250, keys, "123456"))
                            .getString(39))
                    .isEqualTo("00");
            for (int i = 0; i < 50 && !output.getOut().contains("<context>"); i++) {
                Thread.sleep(100); // the trace is written after the answer has left
            }
            // the PAN travels only encrypted (field 35, wiped from the trace too): not even its masked form shows
            assertThat(output.getOut())
                    .as("the transaction manager's trace is written")
                    .contains("<context>")
                    .doesNotContain("622848_________0018")
                    .doesNotContain(PAN)
                    .doesNotContain(PAN.substring(6, 15));
        }
    }
}
