package com.shanfu.terminal.card;

import java.io.PrintWriter;
import java.util.List;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.TerminalFactory;

/**
 * A physical contactless card on a PC/SC reader, answering the same kernel APDUs: {@code javax.smartcardio} over the
 * system's libpcsclite, which talks to {@code pcscd} and its reader driver (CCID for an ACS ACR122U and the like, or
 * vsmartcard's vpcd in the tests). A card that leaves the field mid-command answers nothing ({@code null}), which the
 * kernel reports as a card taken away too early.
 */
public final class PcscReader implements CardReader {

    private final Card card;

    private PcscReader(Card card) {
        this.card = card;
    }

    /**
     * Waits up to {@code timeoutMillis} for a card on the first reader, or the first whose name contains
     * {@code readerHint}, telling the cashier on {@code prompt} which reader to tap.
     */
    public static PcscReader waitForCard(String readerHint, long timeoutMillis, PrintWriter prompt)
            throws CardException {
        List<CardTerminal> readers;
        try {
            readers = TerminalFactory.getDefault().terminals().list();
        } catch (CardException e) { // SCARD_E_NO_SERVICE, SCARD_E_NO_READERS_AVAILABLE
            throw new CardException(
                    "no PC/SC service or reader (is pcscd running and the reader plugged in?): " + rootMessage(e));
        }
        CardTerminal reader = readers.stream()
                .filter(r -> readerHint == null || r.getName().contains(readerHint))
                .findFirst()
                .orElseThrow(() -> new CardException(
                        readerHint == null
                                ? "no PC/SC reader found"
                                : "no PC/SC reader whose name contains '" + readerHint + "' (readers: "
                                        + readers.stream()
                                                .map(CardTerminal::getName)
                                                .toList() + ")"));
        if (prompt != null) {
            prompt.println("请挥卡 tap the card on " + reader.getName() + " …");
            prompt.flush();
        }
        if (!reader.waitForCardPresent(timeoutMillis)) {
            throw new CardException(
                    "no card presented on " + reader.getName() + " within " + timeoutMillis / 1000 + " s");
        }
        try {
            return new PcscReader(reader.connect("*"));
        } catch (CardException e) { // gone between presence and power-up
            throw new CardException(
                    "the card left the reader before it could be read: tap again (" + rootMessage(e) + ")");
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage();
    }

    @Override
    public byte[] transmit(byte[] commandApdu) {
        try {
            return card.getBasicChannel().transmit(new CommandAPDU(commandApdu)).getBytes();
        } catch (CardException | IllegalStateException e) { // SCARD_W_REMOVED_CARD, SCARD_E_NO_SMARTCARD, ...
            return null;
        }
    }

    @Override
    public void close() {
        try {
            card.disconnect(false);
        } catch (CardException | IllegalStateException ignored) {
            // the card left the field
        }
    }
}
