package com.shanfu.protocol.iso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shanfu.protocol.crypto.Tdes;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;

class MessageTests {

    private ISOMsg purchase() throws Exception {
        ISOMsg m = new ISOMsg("0200");
        m.setPackager(ShanfuPackager.create());
        m.set(2, "6228480402564890018");
        m.set(3, "000000");
        m.set(4, "000000001250");
        m.set(11, "000001");
        m.set(22, "072");
        m.set(41, "10000001");
        m.set(42, "898310000000001");
        m.set(49, "156");
        m.set(55, new byte[] {(byte) 0x9F, 0x36, 0x02, 0x00, 0x01});
        m.set(60, new Field60("22", 1, Field60.TRANSACTION).format());
        return m;
    }

    @Test
    void a_signed_message_survives_pack_and_unpack_with_a_valid_mac() throws Exception {
        byte[] key = Tdes.generateKey();
        ISOMsg m = purchase();
        MessageMac.sign(m, key);
        ISOMsg back = new ISOMsg();
        back.setPackager(ShanfuPackager.create());
        back.unpack(m.pack());
        assertThat(back.getString(2)).isEqualTo("6228480402564890018");
        assertThat(back.getString(4)).isEqualTo("000000001250");
        assertThat(Field60.parse(back.getString(60)).batch()).isEqualTo(1);
        assertThat(MessageMac.verify(back, key)).isTrue();
    }

    @Test
    void a_changed_amount_or_another_key_fails_the_mac() throws Exception {
        byte[] key = Tdes.generateKey();
        ISOMsg m = purchase();
        MessageMac.sign(m, key);
        assertThat(MessageMac.verify(m, Tdes.generateKey())).isFalse();
        m.set(4, "000000125000");
        assertThat(MessageMac.verify(m, key)).isFalse();
        m.unset(64);
        assertThat(MessageMac.verify(m, key)).isFalse();
    }

    @Test
    void settlement_totals_format_and_parse() {
        SettlementTotals totals = new SettlementTotals(1250, 1, 300, 1);
        String f48 = totals.format(SettlementTotals.BALANCED);
        assertThat(f48).hasSize(62).startsWith("000000001250001000000000300001" + "1");
        assertThat(SettlementTotals.parse(f48)).isEqualTo(totals);
        assertThatThrownBy(() -> SettlementTotals.parse("12x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void field_60_refuses_malformed_values() {
        assertThat(Field60.parse("22000007000")).isEqualTo(new Field60("22", 7, "000"));
        assertThatThrownBy(() -> Field60.parse("22")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Field60("2", 1, "000")).isInstanceOf(IllegalArgumentException.class);
    }
}
