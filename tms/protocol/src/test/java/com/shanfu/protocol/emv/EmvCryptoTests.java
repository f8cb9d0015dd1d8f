package com.shanfu.protocol.emv;

import static org.assertj.core.api.Assertions.assertThat;

import org.jpos.iso.ISOUtil;
import org.junit.jupiter.api.Test;

class EmvCryptoTests {

    private static final byte[] IMK = ISOUtil.hex2byte("0123456789ABCDEFFEDCBA9876543210");

    private static Tlv transaction(String amount, String atc) {
        return new Tlv().put("9F02", amount).put("9F03", "000000000000").put("9F1A", "0156").put("95", "0000000000")
                .put("5F2A", "0156").put("9A", "261129").put("9C", "00").put("9F37", "11223344")
                .put("82", "7C00").put("9F36", atc);
    }

    @Test
    void issuer_verifies_the_arqc_the_card_computed_and_rejects_a_changed_amount() {
        byte[] cardKey = EmvCrypto.cardMasterKey(IMK, "6228480402564890018", "01");
        Tlv tx = transaction("000000001250", "0001");
        byte[] arqc = EmvCrypto.arqc(cardKey, tx);
        byte[] issuerSide = EmvCrypto.arqc(EmvCrypto.cardMasterKey(IMK, "6228480402564890018", "01"), tx);
        assertThat(issuerSide).isEqualTo(arqc);
        assertThat(EmvCrypto.arqc(cardKey, transaction("000000125000", "0001"))).isNotEqualTo(arqc);
        assertThat(EmvCrypto.arqc(cardKey, transaction("000000001250", "0002"))).isNotEqualTo(arqc);
    }

    @Test
    void cards_with_different_pans_get_different_keys() {
        assertThat(EmvCrypto.cardMasterKey(IMK, "6228480402564890018", "01"))
                .isNotEqualTo(EmvCrypto.cardMasterKey(IMK, "6228480402564890026", "01"))
                .hasSize(16);
    }

    @Test
    void tlv_parses_templates_and_encodes_back() {
        byte[] gpo = ISOUtil.hex2byte("7718820200809F360200019F2608AABBCCDDEEFF00119F2701");
        gpo = ISOUtil.concat(gpo, new byte[] {(byte) 0x80});
        Tlv tlv = Tlv.parse(gpo);
        assertThat(tlv.hex("82")).isEqualTo("0080");
        assertThat(tlv.hex("9F26")).isEqualTo("AABBCCDDEEFF0011");
        assertThat(Tlv.parse(tlv.encode("9F26", "82")).hex("82")).isEqualTo("0080");
    }
}
