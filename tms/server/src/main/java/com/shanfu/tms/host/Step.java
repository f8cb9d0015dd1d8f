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
 *
 * <p>A lost database connection is different: the transaction may have committed (the commit reached the database,
 * or a Galera node that replicated it, and only its acknowledgement was lost), so "nothing was charged" cannot be
 * said. The step then runs again as the database comes back, for up to {@link #IN_DOUBT_WINDOW_MILLIS}: a committed
 * transaction is found by the repeat and its stored answer sent, an uncommitted one is done now. If the database does
 * not come back in time the terminal gets no answer at all (the connection is closed): it reverses, and the reversal
 * undoes the sale if it was committed, or is kept so that the sale is never charged later.
 */
final class Step implements TransactionParticipant {

    @FunctionalInterface
    interface Handler {
        void handle(HostTerminals.Caller caller, ISOMsg request, ISOMsg response, Field60 f60) throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(Step.class);
    private static final int MAX_ATTEMPTS = 3;
    private static final int[] ANSWER_FIELDS = {37, 38, 39, 48, 55, 62};
    /** How long a step whose outcome is in doubt is run again before the terminal is left without an answer. */
    static final long IN_DOUBT_WINDOW_MILLIS = Long.getLong("shanfu.host.in-doubt-window-millis", 10_000);

    private final String name;
    private final Handler handler;
    private final long inDoubtWindowMillis;

    Step(String name, Handler handler) {
        this(name, handler, IN_DOUBT_WINDOW_MILLIS);
    }

    Step(String name, Handler handler, long inDoubtWindowMillis) {
        this.name = name;
        this.handler = handler;
        this.inDoubtWindowMillis = inDoubtWindowMillis;
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
            if (connectionLost(e)) {
                return inDoubt(ctx, request, response, e);
            }
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

    /** Runs the step again while the database comes back; no answer at all when it does not in time. */
    private int inDoubt(Context ctx, ISOMsg request, ISOMsg response, Exception first) {
        String tid = HostMetrics.loggable(request.getString(41));
        String stan = HostMetrics.loggable(request.getString(11));
        log.warn(
                "database connection lost in {} tid={} stan={}: its outcome is in doubt, asking again ({})",
                name,
                tid,
                stan,
                first.toString());
        long deadline = System.nanoTime() + inDoubtWindowMillis * 1_000_000;
        Exception last = first;
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
                response.unset(ANSWER_FIELDS);
                handler.handle(ctx.get(HostContext.CALLER), request, response, ctx.get(HostContext.FIELD_60));
                log.info(
                        "{} tid={} stan={} settled after the lost connection: rc={}",
                        name,
                        tid,
                        stan,
                        response.getString(39));
                return PREPARED | READONLY | NO_JOIN;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                last = e;
                if (!connectionLost(e)
                        && !(e instanceof org.springframework.dao.PessimisticLockingFailureException)
                        && !(e instanceof org.springframework.dao.DataIntegrityViolationException)) {
                    break; // a failure of its own, after the database came back: what the repeat found holds
                }
            }
        }
        // still unknown: no answer. The terminal reverses; the reversal undoes a committed sale, or is kept so that
        // the sale can never be charged afterwards (Purchase, Reversal)
        log.error(
                "{} tid={} stan={} left without an answer: the database did not come back within {} ms",
                name,
                tid,
                stan,
                inDoubtWindowMillis,
                last);
        ctx.remove(HostContext.RESPONSE);
        return ABORTED | READONLY;
    }

    /**
     * A failure of the database connection (SQL state class 08, or its Spring and Hibernate forms), or a commit or
     * rollback that could not be carried out: when a commit fails, Spring rolls back, and a rollback that fails on a
     * closed connection (Hikari's "Connection is closed", no SQL state) hides whether the commit went through.
     */
    static boolean connectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.springframework.transaction.TransactionSystemException
                    || t instanceof org.hibernate.TransactionException
                    || (t instanceof java.sql.SQLException closed && "Connection is closed".equals(closed.getMessage()))
                    || t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLRecoverableException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof org.springframework.dao.DataAccessResourceFailureException
                    || t instanceof org.springframework.transaction.CannotCreateTransactionException
                    || t instanceof org.hibernate.exception.JDBCConnectionException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "Step[" + name + "]";
    }
}
