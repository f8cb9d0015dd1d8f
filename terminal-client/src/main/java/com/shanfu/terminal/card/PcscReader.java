package com.shanfu.terminal.card;

import java.util.List;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.TerminalFactory;

/** A physical contactless card on a PC/SC reader (javax.smartcardio), answering the same kernel APDUs. */
public final class PcscReader implements CardReader {

    private final Card card;

    private PcscReader(Card card) {
        this.card = card;
    }

    /** Waits up to {@code timeoutMillis} for a card on the first reader (or the one whose name contains the hint). */
    public static PcscReader waitForCard(String readerHint, long timeoutMillis) throws CardException {
        List<CardTerminal> readers = TerminalFactory.getDefault().terminals().list();
        CardTerminal reader = readers.stream()
                .filter(r -> readerHint == null || r.getName().contains(readerHint))
                .findFirst()
                .orElseThrow(() -> new CardException("no PC/SC reader found"));
        if (!reader.waitForCardPresent(timeoutMillis)) {
            throw new CardException("no card presented on " + reader.getName());
        }
        return new PcscReader(reader.connect("*"));
    }

    @Override
    public byte[] transmit(byte[] commandApdu) {
        try {
            return card.getBasicChannel().transmit(new CommandAPDU(commandApdu)).getBytes();
        } catch (CardException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            card.disconnect(false);
        } catch (CardException ignored) {
            // the card left the field
        }
    }
}
