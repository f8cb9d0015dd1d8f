package com.shanfu.tms.host;

import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.ResponseCode;
import java.io.Serializable;
import org.jpos.iso.ISOMsg;
import org.jpos.transaction.Context;
import org.jpos.transaction.TransactionParticipant;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Second participant: the MAC first (the working MAC key; for a sign-on, the sign-on key derived from the TMK), then
 * the terminal: TID known, keys present, device active, MID its merchant's, and on sign-on the serial (field 63) the
 * TID was issued to. A failure answers A0 / Z1 / 97, unsigned, and nothing else runs.
 */
@Component
class CheckTerminal implements TransactionParticipant {

    private final HostTerminals terminals;
    private final TransactionTemplate tx;

    CheckTerminal(HostTerminals terminals, TransactionTemplate tx) {
        this.terminals = terminals;
        this.tx = tx;
    }

    @Override
    public int prepare(long id, Serializable context) {
        Context ctx = (Context) context;
        ISOMsg request = ctx.get(HostContext.REQUEST);
        ISOMsg response = ctx.get(HostContext.RESPONSE);
        Field60 f60 = ctx.get(HostContext.FIELD_60);
        boolean signOn = "0800".equals(mti(request)) && f60 != null && Field60.SIGN_ON.equals(f60.networkCode());
        var caller = tx.execute(status -> terminals.authenticate(request, response, !signOn));
        if (caller == null || caller.isEmpty()) {
            return ABORTED | READONLY;
        }
        HostTerminals.Caller who = caller.get();
        if (signOn) {
            // a sign-on is MAC'd under a key only the TMK gives: knowing TID, MID and serial is not enough
            var tmk = terminals.signOnKey(request, who.keys());
            if (tmk.isEmpty()) {
                response.set(39, ResponseCode.MAC_ERROR);
                return ABORTED | READONLY;
            }
            if (!who.device().serial().equals(request.getString(63))) {
                response.set(39, ResponseCode.TERMINAL_NOT_ALLOWED); // the TID was issued to another device
                return ABORTED | READONLY;
            }
            who = new HostTerminals.Caller(who.device(), who.keys(), tmk.get());
        }
        ctx.put(HostContext.CALLER, who);
        return PREPARED | READONLY | NO_JOIN;
    }

    static String mti(ISOMsg m) {
        try {
            return m.getMTI();
        } catch (org.jpos.iso.ISOException e) {
            return "";
        }
    }
}
