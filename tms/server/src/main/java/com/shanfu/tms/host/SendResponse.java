package com.shanfu.tms.host;

import com.shanfu.protocol.iso.ResponseCode;
import java.io.IOException;
import java.io.Serializable;
import java.util.Set;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOSource;
import org.jpos.transaction.AbortParticipant;
import org.jpos.transaction.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Last working participant, on commit and on abort: signs the answer with the terminal's MAC key, or a sign-on's
 * answer with the sign-on key of its TMK over the request's challenge (unless the terminal could not be trusted:
 * A0, Z1, 97) and sends it. It runs after the
 * participants that wrote the journal have committed, so an answer never leaves before its record.
 */
@Component
class SendResponse implements AbortParticipant {

    private static final Logger log = LoggerFactory.getLogger(SendResponse.class);
    private static final Set<String> UNSIGNED =
            Set.of(ResponseCode.MAC_ERROR, ResponseCode.SIGN_ON_REQUIRED, ResponseCode.TERMINAL_NOT_ALLOWED);

    private final HostTerminals terminals;
    private final InFlight inFlight;
    private final HostMetrics metrics;

    SendResponse(HostTerminals terminals, InFlight inFlight, HostMetrics metrics) {
        this.terminals = terminals;
        this.inFlight = inFlight;
        this.metrics = metrics;
    }

    @Override
    public int prepare(long id, Serializable context) {
        return PREPARED | READONLY;
    }

    @Override
    public int prepareForAbort(long id, Serializable context) {
        return PREPARED | READONLY;
    }

    @Override
    public void commit(long id, Serializable context) {
        send((Context) context);
    }

    @Override
    public void abort(long id, Serializable context) {
        send((Context) context);
    }

    private void send(Context ctx) {
        try {
            answer(ctx);
        } finally {
            inFlight.finished();
            org.slf4j.MDC.remove("tid");
            org.slf4j.MDC.remove("stan");
            org.slf4j.MDC.remove("rrn");
        }
    }

    private void answer(Context ctx) {
        ISOMsg request = ctx.get(HostContext.REQUEST);
        ISOMsg response = ctx.get(HostContext.RESPONSE);
        HostTerminals.Caller caller = ctx.get(HostContext.CALLER);
        if (response == null) { // not even an answer could be made (a request no answer MTI exists for): hang up
            closeSource(ctx);
            return;
        }
        if (!response.hasField(39)) {
            response.set(39, ResponseCode.SYSTEM_ERROR); // a participant failed to decide: nothing was approved
        }
        String rc = response.getString(39);
        try {
            boolean signOn = Route.SIGN_ON.equals(ctx.get(HostContext.ROUTE));
            if (caller != null && signOn && !UNSIGNED.contains(rc)) {
                terminals.signSignOn(response, request, caller); // under the TMK, bound to the request's challenge
            } else if (caller != null && caller.keys().macKey() != null && !UNSIGNED.contains(rc) && !signOn) {
                terminals.sign(response, caller.keys());
            }
            ISOSource source = ctx.get(HostContext.SOURCE);
            source.send(response);
        } catch (IOException | ISOException | RuntimeException e) {
            // no answer can be made of it (an MTI that is not BCD, a field that cannot be echoed): hang up rather
            // than leave the sender waiting
            log.warn(
                    "could not answer MTI {} tid={} stan={}: {}",
                    CheckTerminal.mti(request),
                    HostMetrics.loggable(request.getString(41)),
                    HostMetrics.loggable(request.getString(11)),
                    e.toString());
            closeSource(ctx);
            return;
        }
        if (response.hasField(37)) {
            org.slf4j.MDC.put("rrn", HostMetrics.loggable(response.getString(37)));
        }
        Long received = ctx.get(HostContext.RECEIVED_AT);
        metrics.answered(ctx.getString(HostContext.ROUTE, "unrouted"), rc, received);
        log.info(
                "{} {} tid={} stan={} rc={}",
                CheckTerminal.mti(response),
                ctx.getString(HostContext.ROUTE, "-"),
                HostMetrics.loggable(request.getString(41)),
                HostMetrics.loggable(request.getString(11)),
                rc);
    }

    private static void closeSource(Context ctx) {
        if (ctx.get(HostContext.SOURCE) instanceof org.jpos.iso.BaseChannel channel) {
            try {
                channel.disconnect();
            } catch (IOException e) {
                log.debug("closing a channel: {}", e.toString());
            }
        }
    }
}
