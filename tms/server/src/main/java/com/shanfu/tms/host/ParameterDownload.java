package com.shanfu.tms.host;

import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.Parameters;
import com.shanfu.protocol.iso.ResponseCode;
import com.shanfu.protocol.management.ContactlessLimits;
import com.shanfu.tms.config.Configurations;
import com.shanfu.tms.device.Device;
import com.shanfu.tms.parameters.CaKeys;
import java.util.List;
import java.util.Map;
import org.jpos.iso.ISOMsg;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Parameter download (0800): the CA public keys (60.3 370 list, 372 one key named in 62, 371 end) and the
 * contactless parameters of each AID (380, 382, 381). AID limits are the terminal's effective configuration, so the
 * download and the pushed configuration can never disagree.
 */
@Component
class ParameterDownload {

    static final String TAC_DEFAULT = "0000000000";
    static final String TAC_DENIAL = "0000000000";
    static final String TAC_ONLINE = "0000000000";

    private final CaKeys caKeys;
    private final Configurations configurations;

    ParameterDownload(CaKeys caKeys, Configurations configurations) {
        this.caKeys = caKeys;
        this.configurations = configurations;
    }

    void caKeys(HostTerminals.Caller caller, ISOMsg request, ISOMsg response, Field60 f60) {
        switch (f60.networkCode()) {
            case Field60.CA_KEY_LIST -> {
                response.set(
                        62,
                        Parameters.caKeyList(
                                caKeys.all().stream().map(Parameters.CaKey::ref).toList()));
                response.set(39, ResponseCode.APPROVED);
            }
            case Field60.CA_KEY_DOWNLOAD -> {
                Parameters.CaKeyRef asked = Parameters.parseCaKeyRequest(required62(request));
                caKeys.find(asked.rid(), asked.index())
                        .ifPresentOrElse(
                                k -> {
                                    response.set(62, Parameters.caKey(k));
                                    response.set(39, ResponseCode.APPROVED);
                                },
                                () -> response.set(39, ResponseCode.UNABLE_TO_LOCATE));
            }
            default -> response.set(39, ResponseCode.APPROVED); // 371: the terminal has what it needs
        }
    }

    @Transactional(readOnly = true)
    public void aids(HostTerminals.Caller caller, ISOMsg request, ISOMsg response, Field60 f60) {
        Map<String, Object> config = effective(caller.device());
        List<String> aids = aids(config);
        switch (f60.networkCode()) {
            case Field60.AID_LIST -> {
                response.set(62, Parameters.aidList(aids));
                response.set(39, ResponseCode.APPROVED);
            }
            case Field60.AID_DOWNLOAD -> {
                String aid = Parameters.parseAidRequest(required62(request));
                if (!aids.contains(aid)) {
                    response.set(39, ResponseCode.UNABLE_TO_LOCATE);
                    return;
                }
                ContactlessLimits limits = ContactlessLimits.from(config);
                response.set(
                        62,
                        Parameters.aid(new Parameters.Aid(
                                aid,
                                "0030",
                                limits.floorLimitFen(),
                                limits.transactionLimitFen(),
                                limits.cvmLimitFen(),
                                TAC_DEFAULT,
                                TAC_DENIAL,
                                TAC_ONLINE)));
                response.set(39, ResponseCode.APPROVED);
            }
            default -> response.set(39, ResponseCode.APPROVED); // 381
        }
    }

    private Map<String, Object> effective(Device device) {
        Integer version = device.configVersion();
        return configurations.effective(
                device, version != null ? version : configurations.current().version());
    }

    @SuppressWarnings("unchecked")
    private static List<String> aids(Map<String, Object> config) {
        return config.get("aids") instanceof List<?> l ? (List<String>) l : List.of();
    }

    private static byte[] required62(ISOMsg request) {
        if (!request.hasField(62)) {
            throw new IllegalArgumentException("field 62 must name the key or AID");
        }
        return request.getBytes(62);
    }
}
