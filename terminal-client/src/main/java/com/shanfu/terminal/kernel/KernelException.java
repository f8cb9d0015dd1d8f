package com.shanfu.terminal.kernel;

/** The tap cannot go on; the message is for the cashier. Nothing has been sent to the host. */
public class KernelException extends Exception {

    public KernelException(String message) {
        super(message);
    }
}
