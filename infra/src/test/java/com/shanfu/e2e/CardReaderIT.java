package com.shanfu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shanfu.infra.vicc.VirtualCard;
import com.shanfu.terminal.card.CardCatalog;
import com.shanfu.terminal.card.SoftwareCard;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code terminal tap --reader} through the real PC/SC stack: the terminal process's {@code javax.smartcardio} talks
 * to Debian's libpcsclite, which talks to {@code pcscd} (started by {@code infra/shanfu test}), whose reader is
 * vsmartcard's {@code vpcd} driver; the card on it is {@link VirtualCard}, one of the software cards served over the
 * vpcd socket protocol. The host is the stack's TMS over TCP.
 */
@ExtendWith(E2eStack.class)
class CardReaderIT {

    private final ObjectMapper json = new ObjectMapper();

    /** A tap on the reader: the terminal starts, asks for the card, and the card arrives after the prompt. */
    private record Tap(int exit, String out, int commands) {}

    private static Tap tap(Path home, String amount, int leaveAfter) throws Exception {
        String[] vpcd = E2eStack.env("SHANFU_TEST_VPCD").split(":");
        Process p = FleetIT.terminalCommand(
                        home,
                        "--json",
                        "tap",
                        "--reader",
                        "--reader-name",
                        "Shanfu virtual reader 00 00",
                        "--amount",
                        amount,
                        "--wait",
                        "60")
                .start();
        StringBuilder out = new StringBuilder();
        CompletableFuture<Void> prompted = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (out) {
                        out.append(line).append('\n');
                    }
                    if (line.contains("tap the card on Shanfu virtual reader")) {
                        prompted.complete(null);
                    }
                }
            } catch (java.io.IOException ignored) {
                // the terminal ended
            }
            prompted.complete(null);
        });
        prompted.get(60, TimeUnit.SECONDS);
        assertThat(out.toString())
                .as("the terminal asks for the card on the reader first")
                .contains("请挥卡");
        // the card's counter goes on from the machine's card wallet, where the other tests' taps of it left it
        var card = SoftwareCard.fromWallet(
                CardCatalog.bundled().byName("unionpay-debit").orElseThrow());
        try (VirtualCard v = VirtualCard.present(vpcd[0], Integer.parseInt(vpcd[1]), card, leaveAfter)) {
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("the tap ended").isTrue();
            reader.join(5_000);
            return new Tap(p.exitValue(), out.toString(), v.commands());
        }
    }

    private JsonNode result(Tap t) throws Exception {
        String line = t.out.lines()
                .filter(l -> l.startsWith("{"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no result line in: " + t.out));
        return json.readTree(line);
    }

    @Test
    void a_card_on_the_pcsc_reader_is_found_tapped_and_approved_and_one_pulled_away_mid_read_charges_nothing()
            throws Exception {
        Path home = TerminalIT.terminal(Journeys.bank(), E2eStack.WORK, "读卡器商店");
        FleetIT.cli(home, 0, "sign-on");

        Tap approved = tap(home, "12.00", 0);
        assertThat(approved.exit).as(approved.out).isZero();
        JsonNode sale = result(approved);
        assertThat(sale.get("ok").asBoolean()).isTrue();
        assertThat(sale.get("responseCode").asText()).isEqualTo("00");
        assertThat(sale.get("card").asText()).as("masked on the receipt").matches("\\d{6}\\*+\\d{4}");
        assertThat(approved.commands)
                .as("SELECT PPSE, SELECT AID, GET PROCESSING OPTIONS and at least one READ RECORD crossed the reader")
                .isGreaterThanOrEqualTo(4);

        // pulled away after SELECT AID: GET PROCESSING OPTIONS gets no answer, nothing goes to the host
        Tap pulled = tap(home, "30.00", 2);
        assertThat(pulled.exit).as(pulled.out).isEqualTo(1);
        assertThat(pulled.out)
                .contains("the card left the reader before it was read")
                .contains("Nothing was charged");
        assertThat(pulled.commands).isEqualTo(2);

        // pulled away right after its last record (the beep): qPBOC has read all it needs, the sale goes online
        Tap afterRead = tap(home, "8.00", approved.commands);
        assertThat(afterRead.exit).as(afterRead.out).isZero();
        assertThat(result(afterRead).get("responseCode").asText()).isEqualTo("00");

        String status = FleetIT.cli(home, 0, "--json", "status");
        JsonNode st = json.readTree(status.lines().findFirst().orElseThrow());
        assertThat(st.get("openBatchSales").asInt()).isEqualTo(2);
        assertThat(st.get("pendingReversal").asBoolean()).isFalse();
        // the host's totals agree: the pulled-away tap never reached it
        assertThat(FleetIT.cli(home, 0, "settle"))
                .contains("2 sale(s)")
                .contains("20.00")
                .contains("balanced");
    }

    @Test
    void no_card_within_the_wait_is_a_clear_refusal() throws Exception {
        Path home = TerminalIT.terminal(Journeys.bank(), E2eStack.WORK, "空读卡器商店");
        FleetIT.cli(home, 0, "sign-on");
        Process p = FleetIT.terminalCommand(home, "tap", "--reader", "--amount", "5.00", "--wait", "2")
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isNotZero();
        assertThat(out).contains("no card presented on Shanfu virtual reader").contains("within 2 s");

        Process wrong = FleetIT.terminalCommand(home, "tap", "--reader", "--reader-name", "ACR122U", "--amount", "5.00")
                .start();
        String refused = new String(wrong.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(wrong.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(refused)
                .contains("no PC/SC reader whose name contains 'ACR122U'")
                .contains("Shanfu virtual reader");
    }
}
