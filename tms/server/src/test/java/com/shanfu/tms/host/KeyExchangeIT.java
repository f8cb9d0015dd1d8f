package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.protocol.crypto.CardDataCipher;
import com.shanfu.protocol.crypto.Tdes;
import com.shanfu.protocol.iso.MessageMac;
import com.shanfu.protocol.iso.Messages;
import com.shanfu.protocol.iso.SignOnAuth;
import com.shanfu.protocol.iso.WorkingKeys;
import com.shanfu.tms.TestStack;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sign-on and the card data over real TCP, as an attacker would try them: a sign-on by someone who knows TID,
 * MID and serial (printed on receipts) but not the TMK, a captured sign-on sent again, a purchase with the PAN in
 * clear or under another data key. Each is refused, and the real terminal's keys still work afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "shanfu.demo=true")
class KeyExchangeIT extends HostTestBase {

    static final int ISO_PORT = TestStack.freePort();

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        TestStack.registerHost(registry, "tms_keys", ISO_PORT);
    }

    @Test
    void aSignOnWithoutTheTmkChangesNothing() throws Exception {
        HostTerminal t = terminal("Forged sign-on");
        byte[] keysBefore = workingKeyColumns(t);
        // the attacker knows TID, MID and serial, and MACs under a key of their own
        ISOMsg forged = Messages.signOn(
                t.terminal,
                t.serial,
                9,
                1,
                SignOnAuth.Challenge.fresh(Long.MAX_VALUE - 1),
                Tdes.generateKey(),
                LocalDateTime.now());
        ISOMsg answer = t.send(forged);
        assertThat(answer.getString(39)).isEqualTo("A0");
        assertThat(answer.hasField(62)).isFalse();
        // no MAC at all, as the old terminals sent it
        ISOMsg unsigned = (ISOMsg) forged.clone();
        unsigned.unset(64);
        assertThat(t.send(unsigned).getString(39)).isEqualTo("A0");
        assertThat(workingKeyColumns(t)).isEqualTo(keysBefore);
        assertThat(t.rc(t.purchase(t.nextStan(), 1, 500)))
                .as("the real terminal's keys still work")
                .isEqualTo("00");
    }

    @Test
    void aCapturedSignOnSentAgainIsRefusedAndItsAnswerFailsForALaterOne() throws Exception {
        HostTerminal t = terminal("Replayed sign-on");
        ISOMsg first = HostTerminal.signOnRequest(t.terminal, t.serial, t.tmk);
        ISOMsg firstAnswer = t.send(first);
        WorkingKeys keys = HostTerminal.openSignOn(first, firstAnswer, t.tmk);
        byte[] keysAfterFirst = workingKeyColumns(t);

        ISOMsg replayed = t.send(first);
        assertThat(replayed.getString(39)).as("same counter again").isEqualTo("63");
        assertThat(replayed.hasField(62)).isFalse();
        assertThat(workingKeyColumns(t)).isEqualTo(keysAfterFirst);

        // an answer captured earlier does not answer a later sign-on: its MAC covers the earlier challenge
        ISOMsg later = HostTerminal.signOnRequest(t.terminal, t.serial, t.tmk);
        assertThat(SignOnAuth.verifyAnswer(firstAnswer, later.getBytes(62), SignOnAuth.signOnKey(t.tmk)))
                .isFalse();
        WorkingKeys laterKeys = HostTerminal.openSignOn(later, t.send(later), t.tmk);
        assertThat(laterKeys.macKey()).isNotEqualTo(keys.macKey());
    }

    @Test
    void twoSignOnsAtOnceLeaveOneKeySetThatWorks() throws Exception {
        HostTerminal t = terminal("Racing sign-ons");
        ISOMsg a = HostTerminal.signOnRequest(t.terminal, t.serial, t.tmk);
        List<String> rcs = t.race(List.of(a, a, a));
        assertThat(rcs).containsOnlyOnce("00").contains("63");
    }

    @Test
    void cardDataTravelsOnlyEncryptedUnderTheTerminalsDataKey() throws Exception {
        HostTerminal t = terminal("Card data");
        long before = jdbc.queryForObject("select count(*) from txn", Long.class);
        ISOMsg clearPan = t.purchase(t.nextStan(), 1, 700);
        clearPan.set(2, HostTerminal.PAN);
        MessageMac.sign(clearPan, t.keys.macKey());
        assertThat(t.rc(clearPan)).as("a PAN in clear is refused").isEqualTo("30");

        ISOMsg otherKey = t.purchase(t.nextStan(), 1, 700);
        otherKey.set(
                35,
                CardDataCipher.encrypt(
                        Tdes.generateKey(), HostTerminal.PAN, HexFormat.of().parseHex(HostTerminal.PAN + "D3112220F")));
        MessageMac.sign(otherKey, t.keys.macKey());
        assertThat(t.rc(otherKey)).as("card data under another key").isEqualTo("30");

        ISOMsg noCard = t.purchase(t.nextStan(), 1, 700);
        noCard.unset(35);
        MessageMac.sign(noCard, t.keys.macKey());
        assertThat(t.rc(noCard)).isEqualTo("30");
        assertThat(jdbc.queryForObject("select count(*) from txn", Long.class))
                .as("nothing written")
                .isEqualTo(before);

        ISOMsg sale = t.purchase(t.nextStan(), 1, 700);
        assertThat(t.rc(sale)).isEqualTo("00");
        assertThat(HexFormat.of().formatHex(sale.pack()).toUpperCase()).doesNotContain(HostTerminal.PAN);
    }

    @Test
    void theIsoPortSpeaksTls13AndNothingElse() throws Exception {
        HostTerminal t = terminal("TLS");
        try (javax.net.ssl.SSLSocket s =
                com.shanfu.protocol.tls.Tls.connect(TestStack.caPem(), "127.0.0.1", ISO_PORT)) {
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
            var chain = s.getSession().getPeerCertificates();
            assertThat(((java.security.cert.X509Certificate) chain[0])
                            .getSubjectX500Principal()
                            .getName())
                    .contains("CN=localhost");
        }
        // a plain TCP terminal: its sign-on is never read, and the connection is cut
        org.jpos.iso.channel.NACChannel plain =
                com.shanfu.protocol.iso.ShanfuPackager.plainChannel("127.0.0.1", ISO_PORT, 5_000);
        plain.connect();
        long before = jdbc.queryForObject("select count(*) from txn", Long.class);
        boolean answered;
        try {
            plain.send(t.purchase(t.nextStan(), 1, 100));
            answered = plain.receive() != null;
        } catch (java.io.IOException | org.jpos.iso.ISOException e) {
            answered = false;
        } finally {
            plain.disconnect();
        }
        assertThat(answered).as("a plain connection gets no answer").isFalse();
        assertThat(jdbc.queryForObject("select count(*) from txn", Long.class)).isEqualTo(before);
        // TLS 1.2 is refused at the handshake
        javax.net.ssl.SSLContext ctx = com.shanfu.protocol.tls.Tls.pinnedContext(TestStack.caPem());
        try (javax.net.ssl.SSLSocket old =
                (javax.net.ssl.SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", ISO_PORT)) {
            old.setEnabledProtocols(new String[] {"TLSv1.2"});
            org.assertj.core.api.Assertions.assertThatThrownBy(old::startHandshake)
                    .isInstanceOf(java.io.IOException.class);
        }
        // a terminal that pins another CA does not talk to this host (nor would it to an impostor with another CA)
        String otherCa = otherCaPem();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> com.shanfu.protocol.tls.Tls.connect(otherCa, "127.0.0.1", ISO_PORT)
                                .close())
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        assertThat(t.rc(t.purchase(t.nextStan(), 1, 100)))
                .as("the terminal over TLS")
                .isEqualTo("00");
    }

    /** Some CA certificate that is not the stack's: the first one of the JDK's own trust store. */
    private static String otherCaPem() throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance(
                java.nio.file.Path.of(System.getProperty("java.home"), "lib", "security", "cacerts")
                        .toFile(),
                (char[]) null);
        var cert = ks.getCertificate(ks.aliases().nextElement());
        return "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }

    @org.springframework.beans.factory.annotation.Autowired
    com.shanfu.tms.config.TmkRotations rotations;

    @org.springframework.beans.factory.annotation.Autowired
    com.shanfu.tms.device.DeviceRepository deviceRepository;

    @Test
    void aTmkRotationTaskCarriesTheNewTmkAsAKeyBlockAndTheFirstSignOnUnderItPutsItInForce() throws Exception {
        HostTerminal t = terminal("TMK rotation");
        var device = deviceRepository.findByTid(t.terminal.tid()).orElseThrow();
        var task = rotations.rotate(device, null, "test");
        assertThat(task.getKind()).isEqualTo(com.shanfu.tms.contract.TaskKind.TMK_ROTATION);
        var payload = new com.fasterxml.jackson.databind.ObjectMapper().readTree(task.getPayloadJson());
        String block = payload.get("keyBlock").asText();
        assertThat(block).startsWith("B0080K0TB00N0000");
        byte[] next = com.shanfu.protocol.crypto.Tr31.unwrap(
                t.tmk, block, com.shanfu.protocol.crypto.Tr31.Usage.KEY_ENCRYPTION);
        assertThat(HexFormat.of().withUpperCase().formatHex(Tdes.kcv(next, 4)))
                .isEqualTo(payload.get("kcv").asText());

        // until the terminal signs on under the new TMK, the old one still works (the task may not have arrived)
        ISOMsg old = HostTerminal.signOnRequest(t.terminal, t.serial, t.tmk);
        HostTerminal.openSignOn(old, t.send(old), t.tmk);
        ISOMsg underNew = HostTerminal.signOnRequest(t.terminal, t.serial, next);
        WorkingKeys keys = HostTerminal.openSignOn(underNew, t.send(underNew), next);
        assertThat(keys.macKey()).hasSize(16);
        assertThat(jdbc.queryForObject(
                        "select tmk_kcv from terminal_key where device_id = ?", String.class, device.id()))
                .isEqualTo(payload.get("kcv").asText());
        assertThat(jdbc.queryForObject(
                        "select pending_tmk_lmk is null from terminal_key where device_id = ?",
                        Boolean.class,
                        device.id()))
                .isTrue();
        // from now on the old TMK is refused
        assertThat(t.send(HostTerminal.signOnRequest(t.terminal, t.serial, t.tmk))
                        .getString(39))
                .isEqualTo("A0");
        // a rotation the terminal may hold already is not replaced before it is used
        var second = rotations.rotate(device, null, "test");
        jdbc.update("update push_task set status = 'DELIVERED' where id = ?", second.getId());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rotations.rotate(device, null, "test"))
                .hasMessageContaining("may already hold a new TMK");
    }

    private byte[] workingKeyColumns(HostTerminal t) {
        return jdbc.queryForObject(
                "select concat(k.mac_key_lmk, k.pin_key_lmk, k.data_key_lmk) from terminal_key k "
                        + "join device d on d.id = k.device_id where d.tid = ?",
                byte[].class,
                t.terminal.tid());
    }
}
