package com.shanfu.terminal.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shanfu.terminal.card.CardCatalog;
import com.shanfu.terminal.card.SoftwareCard;
import com.shanfu.terminal.kernel.KernelConfig;
import com.shanfu.terminal.state.TerminalState;
import com.shanfu.tms.contract.TxnKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch holds at most 999 lines, what the settlement's three-digit counts can carry: the next sale is refused with
 * a clear message before the card is read or anything is sent, and nothing changes.
 */
class FullBatchTests {

    @TempDir
    Path home;

    @Test
    void the_thousandth_sale_of_a_batch_is_refused_until_it_is_settled() throws Exception {
        TerminalState s = new TerminalState();
        // a host nobody listens on: the sale must be refused before any connection is tried
        s.activatedAs(
                "SF-Q1-000001",
                "https://tms",
                "10000001",
                "898310048160001",
                "shop",
                "127.0.0.1",
                9,
                "c",
                "k",
                "0123456789ABCDEFFEDCBA9876543210",
                "08D7B4",
                "ca");
        s.signedOnWith(
                "11111111111111111111111111111111",
                "22222222222222222222222222222222",
                "33333333333333333333333333333333",
                Instant.now());
        for (int stan = 1; stan <= 999; stan++) {
            s.recorded(TerminalState.Transaction.of(
                    stan,
                    s.batch(),
                    TxnKind.PURCHASE,
                    100,
                    "622848******0018",
                    "card",
                    "00",
                    "123456",
                    "000000000001",
                    Instant.now()));
        }
        s.save(home);
        byte[] before = Files.readAllBytes(home.resolve("terminal.state"));
        TerminalService terminal = new TerminalService(home, Clock.systemDefaultZone());
        var card = SoftwareCard.fromWallet(
                CardCatalog.bundled().byName("unionpay-debit").orElseThrow());

        assertThatThrownBy(() -> terminal.tap(card, null, 100, KernelConfig.from(Map.of()), PinPad.NONE))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("the batch is full (999 lines");
        assertThat(Files.readAllBytes(home.resolve("terminal.state"))).isEqualTo(before);
        assertThat(TerminalState.load(home).openBatch()).hasSize(999);
    }
}
