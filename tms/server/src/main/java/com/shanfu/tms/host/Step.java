package com.shanfu.tms.host;

import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.ResponseCode;
import java.io.Serializable;
import org.jpos.iso.ISOMsg;
import org.jpos.transaction.Context;
import org.jpos.transaction.TransactionParticipant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message's own work as a participant: one handler that commits its database transaction inside
 * {@code prepare} and sets field 39. A conflict with a concurrent transaction (deadlock, lock wait timeout, a
 * unique key taken meanwhile) rolls the transaction back and runs it again, up to three times; any other failure
 * rolls it back and answers 30 (bad field) or 96.
 */
final class Step implements TransactionParticipant {

    @FunctionalInterface
    interface Handler {
        void handle(HostTerminals.Caller caller, ISOMsg request, ISOMsg response, Field60 f60) throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(Step.class);
    private static final int MAX_ATTEMPTS = 3;
    private static final int[] ANSWER_FIELDS = {37, 38, 39, 48, 55, 62};
    private final String name;
    private final Handler handler;

    Step(String name, Handler handler) {
        this.name = name;
        this.handler = handler;
    }

    @Override
    public int prepare(long id, Serializable context) {
        Context ctx = (Context) context;
        ISOMsg request = ctx.get(HostContext.REQUEST);
        ISOMsg response = ctx.get(HostContext.RESPONSE);
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    handler.handle(ctx.get(HostContext.CALLER), request, response, ctx.get(HostContext.FIELD_60));
                    return PREPARED | READONLY | NO_JOIN;
                } catch (org.springframework.dao.PessimisticLockingFailureException
                        | org.springframework.dao.DataIntegrityViolationException conflict) {
                    // a deadlock, a lock timeout, or the same message committed at once by another session (its
                    // journal key is taken) rolled this transaction back: nothing happened, so run it again; a
                    // repeat then finds the stored answer
                    if (attempt == MAX_ATTEMPTS) {
                        throw conflict;
                    }
                    log.info(
                            "retrying {} tid={} stan={} after a lock conflict ({})",
                            name,
                            HostMetrics.loggable(request.getString(41)),
                            HostMetrics.loggable(request.getString(11)),
                            conflict.getClass().getSimpleName());
                    response.unset(ANSWER_FIELDS);
                }
            }
        } catch (IllegalArgumentException | org.jpos.iso.ISOException e) {
            response.unset(ANSWER_FIELDS);
            response.set(39, ResponseCode.FORMAT_ERROR);
        } catch (Exception e) {
            // the handler's database transaction rolled back: nothing was charged, and the terminal is told so
            log.error(
                    "host failure in {} tid={} stan={}",
                    name,
                    HostMetrics.loggable(request.getString(41)),
                    HostMetrics.loggable(request.getString(11)),
                    e);
            response.unset(ANSWER_FIELDS);
            response.set(39, ResponseCode.SYSTEM_ERROR);
        }
        return ABORTED | READONLY;
    }

    @Override
    public String toString() {
        return "Step[" + name + "]";
    }
}
