package com.shanfu.tms.host;

import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.Messages;
import com.shanfu.protocol.iso.ResponseCode;
import java.io.Serializable;
import java.time.Clock;
import java.time.LocalDateTime;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.transaction.Context;
import org.jpos.transaction.TransactionParticipant;
import org.springframework.stereotype.Component;

/**
 * First participant: prepares the answer (response MTI, echoed fields, host time) and parses field 60. A malformed
 * field 60 is answered 30 (format error) and nothing else runs.
 */
@Component
class ReadRequest implements TransactionParticipant {

    private final Clock clock;

    ReadRequest(Clock clock) {
        this.clock = clock;
    }

    @Override
    public int prepare(long id, Serializable context) {
        Context ctx = (Context) context;
        ISOMsg request = ctx.get(HostContext.REQUEST);
        // who and which message, on every log line of this transaction (SendResponse clears them); never card data
        org.slf4j.MDC.put("tid", HostMetrics.loggable(request.getString(41)));
        org.slf4j.MDC.put("stan", HostMetrics.loggable(request.getString(11)));
        ISOMsg response = answerTo(request, clock);
        ctx.put(HostContext.RESPONSE, response);
        try {
            if (request.hasField(60)) {
                ctx.put(HostContext.FIELD_60, Field60.parse(request.getString(60)));
            }
            if (request.hasField(11) && !request.getString(11).matches("\\d{6}")) {
                throw new IllegalArgumentException("STAN must be 6 digits");
            }
        } catch (IllegalArgumentException e) {
            response.set(39, ResponseCode.FORMAT_ERROR);
            return ABORTED | READONLY;
        }
        return PREPARED | READONLY | NO_JOIN;
    }

    static ISOMsg answerTo(ISOMsg request, Clock clock) {
        try {
            return Messages.answerTo(request, LocalDateTime.now(clock));
        } catch (ISOException e) {
            throw new IllegalStateException("cannot answer MTI of " + request, e);
        }
    }
}
