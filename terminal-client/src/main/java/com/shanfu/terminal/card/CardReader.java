package com.shanfu.terminal.card;

/** Something that answers APDUs: a software card or a physical card on a PC/SC reader. */
public interface CardReader extends AutoCloseable {

    /**
     * Sends a command APDU and returns the response APDU (data followed by SW1 SW2), or {@code null} when no answer
     * came: the card left the reader's field.
     */
    byte[] transmit(byte[] commandApdu);

    @Override
    default void close() {}
}
