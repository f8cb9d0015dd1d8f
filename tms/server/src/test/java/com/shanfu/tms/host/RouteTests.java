package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.protocol.iso.Field60;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;

/** The host's routing table, as docs/protocol.md's message table states it (MTI, field 3, 60.3). */
class RouteTests {

    private static String route(String mti, String processingCode, String field60) throws Exception {
        ISOMsg m = new ISOMsg(mti);
        if (processingCode != null) {
            m.set(3, processingCode);
        }
        return Route.group(m, field60 == null ? null : Field60.parse(field60));
    }

    @Test
    void eachMessageOfTheProtocolTableGoesToItsGroup() throws Exception {
        assertThat(route("0800", null, "00000001004")).isEqualTo(Route.SIGN_ON);
        for (String code : new String[] {"370", "371", "372"}) {
            assertThat(route("0800", null, "00000001" + code))
                    .as("CA keys " + code)
                    .isEqualTo(Route.CA_KEYS);
        }
        for (String code : new String[] {"380", "381", "382"}) {
            assertThat(route("0800", null, "00000001" + code))
                    .as("AIDs " + code)
                    .isEqualTo(Route.AID_PARAMETERS);
        }
        assertThat(route("0820", null, "00000001301")).isEqualTo(Route.ECHO);
        assertThat(route("0200", "000000", "22000001000")).isEqualTo(Route.PURCHASE);
        assertThat(route("0200", "200000", "23000001000")).isEqualTo(Route.VOID);
        assertThat(route("0220", "200000", "25000001000")).isEqualTo(Route.REFUND);
        assertThat(route("0400", "000000", "22000001000")).isEqualTo(Route.REVERSAL);
        assertThat(route("0500", null, "00000001201")).isEqualTo(Route.SETTLEMENT);
        assertThat(route("0320", "000000", "00000001201")).isEqualTo(Route.BATCH_UPLOAD);
    }

    @Test
    void whatTheTableDoesNotNameHasNoGroup() throws Exception {
        assertThat(route("0800", null, "00000001999"))
                .as("unknown network code")
                .isNull();
        assertThat(route("0800", null, null)).as("sign-on without field 60").isNull();
        assertThat(route("0200", "310000", "22000001000")).as("balance inquiry").isNull();
        assertThat(route("0220", "000000", "25000001000"))
                .as("an 0220 that is no refund")
                .isNull();
        assertThat(route("0100", "000000", "22000001000")).as("authorisation").isNull();
    }
}
