package com.shanfu.terminal.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shanfu.protocol.emv.EmvCrypto;
import com.shanfu.protocol.emv.Tlv;
import com.shanfu.terminal.card.CardCatalog;
import com.shanfu.terminal.card.CardProfile;
import com.shanfu.terminal.card.SoftwareCard;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContactlessKernelTests {

    private final ContactlessKernel kernel = new ContactlessKernel(KernelConfig.defaults());
    private final CardCatalog cards = CardCatalog.bundled();

    private SoftwareCard card(String name) {
        return new SoftwareCard(cards.byName(name).orElseThrow(), 0);
    }

    @Test
    void a_tap_yields_field_55_whose_arqc_the_issuer_key_verifies() throws Exception {
        SoftwareCard card = card("unionpay-debit");
        CardData data = kernel.tap(card, 1250, LocalDate.of(2026, 11, 29));
        assertThat(data.pan()).isEqualTo("6228480402564890018");
        assertThat(data.maskedPan()).isEqualTo("622848*********0018");
        assertThat(data.cvm()).isEqualTo(CardData.Cvm.NO_CVM);
        Tlv f55 = Tlv.parse(data.iccData());
        assertThat(f55.hex("9F02")).isEqualTo("000000001250");
        assertThat(f55.hex("9A")).isEqualTo("261129");
        assertThat(f55.has("5A")).as("no PAN in field 55").isFalse();
        assertThat(f55.has("57")).as("no track 2 in field 55").isFalse();
        CardProfile p = card.profile();
        byte[] key = EmvCrypto.cardMasterKey(HexFormat.of().parseHex(p.issuerMasterKey()), p.pan(), p.panSequence());
        assertThat(EmvCrypto.arqc(key, f55)).isEqualTo(f55.get("9F26"));
        assertThat(card.atc()).isEqualTo(1);
    }

    @Test
    void amounts_at_the_contactless_limit_are_refused_before_the_card_is_read() {
        assertThatThrownBy(() -> kernel.tap(card("unionpay-debit"), 500_000, LocalDate.now()))
                .isInstanceOf(KernelException.class)
                .hasMessageContaining("insert or swipe");
    }

    @Test
    void at_the_cvm_limit_a_plain_card_needs_online_pin_and_a_phone_uses_cdcvm() throws Exception {
        assertThat(kernel.tap(card("unionpay-debit"), 100_000, LocalDate.now()).cvm())
                .isEqualTo(CardData.Cvm.ONLINE_PIN);
        assertThat(kernel.tap(card("mobile-wallet"), 100_000, LocalDate.now()).cvm())
                .isEqualTo(CardData.Cvm.CDCVM);
        assertThat(kernel.tap(card("unionpay-debit"), 99_999, LocalDate.now()).cvm())
                .isEqualTo(CardData.Cvm.NO_CVM);
    }

    @Test
    void a_card_without_a_supported_application_is_refused() {
        ContactlessKernel visaOnly = new ContactlessKernel(
                new KernelConfig(500_000, 0, 100_000, List.of("A0000000031010"), "E0F8C8", "26000080"));
        assertThatThrownBy(() -> visaOnly.tap(card("unionpay-debit"), 100, LocalDate.now()))
                .isInstanceOf(KernelException.class)
                .hasMessageContaining("no supported application");
    }

    static java.util.stream.Stream<String> everyCard() {
        return CardCatalog.bundled().all().stream().map(CardProfile::name);
    }

    /**
     * Every software card at each limit boundary of the default configuration (transaction limit 5000.00, CVM limit
     * 1000.00): just below, at and just above. The kernel's answer does not depend on the card's account (expired,
     * blocked and low-balance cards are declined by the issuer, not the kernel); the cryptogram does.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("everyCard")
    void every_card_at_every_limit_boundary(String name) throws Exception {
        long cvm = KernelConfig.defaults().cvmLimitFen();
        long limit = KernelConfig.defaults().transactionLimitFen();
        CardData.Cvm expectedCvm = card(name).profile().cdcvm() ? CardData.Cvm.CDCVM : CardData.Cvm.ONLINE_PIN;
        assertThat(kernel.tap(card(name), 1, LocalDate.now()).cvm())
                .as("smallest amount")
                .isEqualTo(CardData.Cvm.NO_CVM);
        assertThat(kernel.tap(card(name), cvm - 1, LocalDate.now()).cvm())
                .as("just below the CVM limit")
                .isEqualTo(CardData.Cvm.NO_CVM);
        assertThat(kernel.tap(card(name), cvm, LocalDate.now()).cvm())
                .as("at the CVM limit")
                .isEqualTo(expectedCvm);
        assertThat(kernel.tap(card(name), cvm + 1, LocalDate.now()).cvm())
                .as("just above the CVM limit")
                .isEqualTo(expectedCvm);
        CardData justBelow = kernel.tap(card(name), limit - 1, LocalDate.now());
        assertThat(justBelow.cvm()).as("just below the transaction limit").isEqualTo(expectedCvm);
        for (long refused : new long[] {limit, limit + 1, 0, -1}) {
            assertThatThrownBy(() -> kernel.tap(card(name), refused, LocalDate.now()))
                    .as("amount " + refused)
                    .isInstanceOf(KernelException.class);
        }
        CardProfile p = card(name).profile();
        Tlv f55 = Tlv.parse(justBelow.iccData());
        byte[] key = EmvCrypto.cardMasterKey(HexFormat.of().parseHex(p.issuerMasterKey()), p.pan(), p.panSequence());
        assertThat(java.util.Arrays.equals(EmvCrypto.arqc(key, f55), f55.get("9F26")))
                .as("the issuer key verifies the cryptogram unless the card is made to lie")
                .isEqualTo(!p.corruptCryptogram());
        assertThat(justBelow.aid()).isEqualTo(p.aid());
    }

    @Test
    void limits_from_a_pushed_configuration_move_the_boundaries() throws Exception {
        KernelConfig pushed = KernelConfig.from(java.util.Map.of(
                "contactlessTransactionLimitFen", 20_000, "cvmRequiredLimitFen", 5_000, "contactlessFloorLimitFen", 0));
        ContactlessKernel k = new ContactlessKernel(pushed);
        assertThat(k.tap(card("unionpay-debit"), 4_999, LocalDate.now()).cvm()).isEqualTo(CardData.Cvm.NO_CVM);
        assertThat(k.tap(card("unionpay-debit"), 5_000, LocalDate.now()).cvm()).isEqualTo(CardData.Cvm.ONLINE_PIN);
        assertThat(k.tap(card("unionpay-debit"), 19_999, LocalDate.now()).cvm()).isEqualTo(CardData.Cvm.ONLINE_PIN);
        assertThatThrownBy(() -> k.tap(card("unionpay-debit"), 20_000, LocalDate.now()))
                .hasMessageContaining("insert or swipe");
    }

    /**
     * The floor limit: this terminal is online-only (TTQ asks for an online cryptogram), so at, below and above a
     * non-zero floor limit the card answers an ARQC (9F27 = 80) and the sale goes to the host.
     */
    @Test
    void at_every_side_of_a_floor_limit_the_card_asks_to_go_online() throws Exception {
        ContactlessKernel k =
                new ContactlessKernel(KernelConfig.from(java.util.Map.of("contactlessFloorLimitFen", 10_000)));
        for (long amount : new long[] {9_999, 10_000, 10_001}) {
            Tlv f55 = Tlv.parse(
                    k.tap(card("unionpay-debit"), amount, LocalDate.now()).iccData());
            assertThat(f55.hex("9F27")).as("amount " + amount).isEqualTo("80");
            assertThat(f55.has("9F26")).isTrue();
        }
    }

    @Test
    void the_kernel_prefers_the_cards_priority_then_the_terminals_order() throws Exception {
        ContactlessKernel visaFirst = new ContactlessKernel(new KernelConfig(
                500_000,
                0,
                100_000,
                List.of("A0000000031010", "A000000333010101", "A000000333010102"),
                "E0F8C8",
                "26000080"));
        assertThat(visaFirst.tap(card("visa"), 100, LocalDate.now()).aid()).isEqualTo("A0000000031010");
        assertThat(visaFirst.tap(card("unionpay-credit"), 100, LocalDate.now()).aid())
                .isEqualTo("A000000333010102");
    }
}
