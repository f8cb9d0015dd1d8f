package com.shanfu.terminal.host;

/** The host could not be reached or refused the request; the message is for the cashier. */
public class HostException extends Exception {

    public HostException(String message) {
        super(message);
    }
}
