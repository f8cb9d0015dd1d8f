package com.shanfu.tms.host;

/** Names of the entries a financial transaction carries through the participants of {@link HostTransactions}. */
final class HostContext {

    /** The terminal's request ({@link org.jpos.iso.ISOMsg}). */
    static final String REQUEST = "REQUEST";
    /** The answer being built ({@link org.jpos.iso.ISOMsg}); sent by {@link SendResponse}. */
    static final String RESPONSE = "RESPONSE";
    /** Where the answer goes ({@link org.jpos.iso.ISOSource}). */
    static final String SOURCE = "SOURCE";
    /** Field 60, parsed ({@link com.shanfu.protocol.iso.Field60}), or absent. */
    static final String FIELD_60 = "FIELD_60";
    /** The authenticated terminal ({@link HostTerminals.Caller}). */
    static final String CALLER = "CALLER";
    /** The group {@link Route} chose: the message's kind, used in the log line. */
    static final String ROUTE = "ROUTE";

    private HostContext() {}

    /** When the request was read off the channel (System.nanoTime()), for the host's latency metric. */
    static final String RECEIVED_AT = "RECEIVED_AT";
}
