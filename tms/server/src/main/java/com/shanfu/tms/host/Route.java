package com.shanfu.tms.host;

import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.ResponseCode;
import java.io.Serializable;
import org.jpos.iso.ISOMsg;
import org.jpos.transaction.Context;
import org.jpos.transaction.GroupSelector;
import org.springframework.stereotype.Component;

/**
 * Third participant: picks the group of participants for the message by MTI, processing code and 60.3
 * (docs/protocol.md, "Financial channel"). A message the host does not handle is answered 12.
 */
@Component
class Route implements GroupSelector {

    static final String SIGN_ON = "sign-on";
    static final String ECHO = "echo";
    static final String CA_KEYS = "ca-keys";
    static final String AID_PARAMETERS = "aid-parameters";
    static final String PURCHASE = "purchase";
    static final String VOID = "void";
    static final String REFUND = "refund";
    static final String REVERSAL = "reversal";
    static final String SETTLEMENT = "settlement";
    static final String BATCH_UPLOAD = "batch-upload";

    @Override
    public int prepare(long id, Serializable context) {
        Context ctx = (Context) context;
        String group = group(ctx.get(HostContext.REQUEST), ctx.get(HostContext.FIELD_60));
        if (group == null) {
            ((ISOMsg) ctx.get(HostContext.RESPONSE)).set(39, ResponseCode.INVALID_TRANSACTION);
            return ABORTED | READONLY;
        }
        ctx.put(HostContext.ROUTE, group);
        return PREPARED | READONLY | NO_JOIN;
    }

    @Override
    public String select(long id, Serializable context) {
        return ((Context) context).get(HostContext.ROUTE);
    }

    static String group(ISOMsg request, Field60 f60) {
        String pc = request.getString(3);
        String code = f60 == null ? "" : f60.networkCode();
        return switch (CheckTerminal.mti(request)) {
            case "0800" ->
                switch (code) {
                    case Field60.SIGN_ON -> SIGN_ON;
                    case Field60.CA_KEY_LIST, Field60.CA_KEY_DOWNLOAD, Field60.CA_KEY_END -> CA_KEYS;
                    case Field60.AID_LIST, Field60.AID_DOWNLOAD, Field60.AID_END -> AID_PARAMETERS;
                    default -> null;
                };
            case "0820" -> ECHO;
            case "0200" -> "000000".equals(pc) ? PURCHASE : "200000".equals(pc) ? VOID : null;
            case "0220" -> "200000".equals(pc) ? REFUND : null;
            case "0400" -> REVERSAL;
            case "0500" -> SETTLEMENT;
            case "0320" -> BATCH_UPLOAD;
            default -> null;
        };
    }
}
