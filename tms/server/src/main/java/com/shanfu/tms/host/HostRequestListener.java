package com.shanfu.tms.host;

import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISORequestListener;
import org.jpos.iso.ISOSource;
import org.jpos.transaction.Context;
import org.springframework.stereotype.Component;

/** Turns each request from the channel into a transaction context and queues it for the transaction manager. */
@Component
class HostRequestListener implements ISORequestListener {

    private final HostTransactions transactions;
    private final InFlight inFlight;

    HostRequestListener(HostTransactions transactions, InFlight inFlight) {
        this.transactions = transactions;
        this.inFlight = inFlight;
    }

    @Override
    public boolean process(ISOSource source, ISOMsg request) {
        Context ctx = new Context();
        ctx.put(HostContext.RECEIVED_AT, System.nanoTime());
        ctx.put(HostContext.REQUEST, request);
        ctx.put(HostContext.SOURCE, source);
        inFlight.started(); // finished when SendResponse has answered (or failed to)
        try {
            transactions.queue(ctx);
        } catch (RuntimeException e) {
            inFlight.finished();
            throw e;
        }
        return true;
    }
}
