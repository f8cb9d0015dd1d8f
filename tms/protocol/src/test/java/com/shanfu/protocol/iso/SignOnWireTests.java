package com.shanfu.protocol.iso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shanfu.protocol.crypto.CardDataCipher;
import com.shanfu.protocol.crypto.Tdes;
import com.shanfu.protocol.crypto.Tr31;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.HexFormat;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;

/** The sign-on's authentication, its key blocks and the encrypted card data, as both sides build and check them. */
class SignOnWireTests {

    private static final Messages.Terminal T = new Messages.Terminal("10000001", "898531100000001");
    private static final LocalDateTime NOW = LocalDateTime.of(2026, 12, 1, 10, 0);

    @Test
    void aSignOnIsMacdUnderAKeyOnlyTheTmkGives() throws Exception {
        byte[] tmk = Tdes.generateKey();
        ISOMsg request = Messages.signOn(T, "SF-000001", 1, 1, SignOnAuth.Challenge.fresh(1), tmk, NOW);
        ISOMsg onWire = roundTrip(request);
        assertThat(SignOnAuth.verifyRequest(onWire, SignOnAuth.signOnKey(tmk))).isTrue();
        assertThat(SignOnAuth.verifyRequest(onWire, SignOnAuth.signOnKey(Tdes.generateKey())))
                .isFalse();
        assertThat(SignOnAuth.signOnKey(tmk)).isNotEqualTo(tmk);
        // someone who knows TID, MID and serial but not the TMK: no valid MAC
        onWire.set(63, "SF-000002");
        assertThat(SignOnAuth.verifyRequest(onWire, SignOnAuth.signOnKey(tmk))).isFalse();
        assertThatThrownBy(() -> SignOnAuth.Challenge.parse(new byte[10])).hasMessageContaining("24 bytes");
    }

    @Test
    void anAnswerIsBoundToItsRequestsChallenge() throws Exception {
        byte[] tmk = Tdes.generateKey();
        byte[] key = SignOnAuth.signOnKey(tmk);
        SignOnAuth.Challenge first = SignOnAuth.Challenge.fresh(1);
        SignOnAuth.Challenge second = SignOnAuth.Challenge.fresh(2);
        ISOMsg answer = new ISOMsg("0810");
        answer.setPackager(ShanfuPackager.create());
        answer.set(11, "000001");
        answer.set(39, "00");
        answer.set(41, T.tid());
        answer.set(62, keyBlocks(tmk).getBytes(StandardCharsets.US_ASCII));
        SignOnAuth.signAnswer(answer, first.field62(), key);
        ISOMsg onWire = roundTrip(answer);
        assertThat(SignOnAuth.verifyAnswer(onWire, first.field62(), key)).isTrue();
        // the same answer replayed to a later sign-on fails, and so does a changed key set
        assertThat(SignOnAuth.verifyAnswer(onWire, second.field62(), key)).isFalse();
        onWire.set(62, keyBlocks(tmk).getBytes(StandardCharsets.US_ASCII));
        assertThat(SignOnAuth.verifyAnswer(onWire, first.field62(), key)).isFalse();
    }

    @Test
    void workingKeysComeAsKeyBlocksBoundToTheirPlace() {
        byte[] tmk = Tdes.generateKey();
        byte[] pin = Tdes.generateKey();
        byte[] mac = Tdes.generateKey();
        byte[] data = Tdes.generateKey();
        String f62 = Tr31.wrap(tmk, Tr31.Usage.PIN, pin)
                + Tr31.wrap(tmk, Tr31.Usage.MAC, mac)
                + Tr31.wrap(tmk, Tr31.Usage.DATA, data);
        WorkingKeys keys = WorkingKeys.open(f62.getBytes(StandardCharsets.US_ASCII), tmk);
        assertThat(keys.pinKey()).isEqualTo(pin);
        assertThat(keys.macKey()).isEqualTo(mac);
        assertThat(keys.dataKey()).isEqualTo(data);
        // the MAC key's block in the PIN key's place is refused: a key is used only for what it was made for
        String swapped = f62.substring(80, 160) + f62.substring(0, 80) + f62.substring(160);
        assertThatThrownBy(() -> WorkingKeys.open(swapped.getBytes(StandardCharsets.US_ASCII), tmk))
                .hasMessageContaining("expected P0");
        assertThatThrownBy(() -> WorkingKeys.open(f62.getBytes(StandardCharsets.US_ASCII), Tdes.generateKey()))
                .hasMessageContaining("fails its MAC");
    }

    @Test
    void aCapturedPurchaseShowsNeitherPanNorTrack() throws Exception {
        byte[] dataKey = Tdes.generateKey();
        String pan = "6228480402564890018";
        byte[] track2 = HexFormat.of().parseHex("6228480402564890018D29122011234567890F");
        ISOMsg m = Messages.purchase(
                T, 7, 1, 1250, pan, "01", track2, new byte[] {(byte) 0x9F, 0x36, 0x02, 0x00, 0x01}, null, dataKey, NOW);
        byte[] packed = m.pack();
        String hex = HexFormat.of().formatHex(packed).toUpperCase();
        String ascii = new String(packed, StandardCharsets.ISO_8859_1);
        assertThat(m.hasField(2)).isFalse();
        for (String part : new String[] {pan, pan.substring(0, 10), "0402564890018", "6228480402"}) {
            assertThat(hex).doesNotContain(part);
            assertThat(ascii).doesNotContain(part);
        }
        CardDataCipher.Clear clear =
                CardDataCipher.decrypt(dataKey, roundTrip(m).getBytes(35));
        assertThat(clear.pan()).isEqualTo(pan);
        assertThat(clear.track2()).isEqualTo(track2);
        assertThatThrownBy(() -> CardDataCipher.decrypt(Tdes.generateKey(), m.getBytes(35)))
                .hasMessageContaining("does not decrypt");
        // two encryptions of one card differ (random IV): a card cannot be followed across messages
        assertThat(CardDataCipher.encrypt(dataKey, pan, track2))
                .isNotEqualTo(CardDataCipher.encrypt(dataKey, pan, track2));
        assertThat(CardDataCipher.decrypt(dataKey, CardDataCipher.encrypt(dataKey, "622848040256489", null))
                        .pan())
                .isEqualTo("622848040256489");
    }

    private static String keyBlocks(byte[] tmk) {
        return Tr31.wrap(tmk, Tr31.Usage.PIN, Tdes.generateKey())
                + Tr31.wrap(tmk, Tr31.Usage.MAC, Tdes.generateKey())
                + Tr31.wrap(tmk, Tr31.Usage.DATA, Tdes.generateKey());
    }

    private static ISOMsg roundTrip(ISOMsg m) throws Exception {
        ISOMsg back = new ISOMsg();
        back.setPackager(ShanfuPackager.create());
        back.unpack(m.pack());
        return back;
    }
}
