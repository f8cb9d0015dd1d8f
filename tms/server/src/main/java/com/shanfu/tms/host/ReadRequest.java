package com.shanfu.tms.host;

import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.ResponseCode;
import com.shanfu.protocol.iso.ShanfuPackager;
import java.io.Serializable;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOPackager;
import org.jpos.transaction.Context;
import org.jpos.transaction.TransactionParticipant;
import org.springframework.stereotype.Component;

/**
 * First participant: prepares the answer (response MTI, echoed fields, host time) and parses field 60. A malformed
 * field 60 is answered 30 (format error) and nothing else runs.
 */
@Component
class ReadRequest implements TransactionParticipant {

    private static final ISOPackager PACKAGER = ShanfuPackager.shared();
    private static final int[] ECHOED = {3, 4, 11, 22, 23, 25, 41, 42, 49, 60, 61};
    private final Clock clock;

    ReadRequest(Clock clock) {
        this.clock = clock;
    }

    @Override
    public int prepare(long id, Serializable context) {
        Context ctx = (Context) context;
        ISOMsg request = ctx.get(HostContext.REQUEST);
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
            ISOMsg response = new ISOMsg();
            response.setPackager(PACKAGER);
            response.setMTI(request.getMTI());
            response.setResponseMTI();
            for (int f : ECHOED) {
                if (request.hasField(f)) {
                    response.set(f, request.getString(f));
                }
            }
            LocalDateTime now = LocalDateTime.now(clock);
            response.set(12, now.format(DateTimeFormatter.ofPattern("HHmmss")));
            response.set(13, now.format(DateTimeFormatter.ofPattern("MMdd")));
            return response;
        } catch (ISOException e) {
            throw new IllegalStateException("cannot answer MTI of " + request, e);
        }
    }
}
