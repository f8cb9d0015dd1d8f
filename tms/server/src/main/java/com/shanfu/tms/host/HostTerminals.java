package com.shanfu.tms.host;

import com.shanfu.protocol.iso.ResponseCode;
import com.shanfu.tms.device.Device;
import com.shanfu.tms.device.DeviceRepository;
import com.shanfu.tms.device.DeviceStatus;
import com.shanfu.tms.keys.LmkKey;
import com.shanfu.tms.keys.SecurityModule;
import com.shanfu.tms.keys.TerminalKey;
import com.shanfu.tms.keys.TerminalKeyRepository;
import java.util.Optional;
import org.jpos.iso.ISOMsg;
import org.springframework.stereotype.Component;

/**
 * Who is talking: the terminal named by fields 41/42, its keys, and the MAC check that comes before anything else.
 */
@Component
class HostTerminals {

    private final DeviceRepository devices;
    private final TerminalKeyRepository keys;
    private final SecurityModule securityModule;

    HostTerminals(DeviceRepository devices, TerminalKeyRepository keys, SecurityModule securityModule) {
        this.devices = devices;
        this.keys = keys;
        this.securityModule = securityModule;
    }

    record Caller(Device device, TerminalKey keys) {
    }

    /** The caller, or empty with field 39 set on the response. Checks the MAC first when the message needs one. */
    Optional<Caller> authenticate(ISOMsg request, ISOMsg response, boolean macRequired) {
        Optional<Device> device = devices.findByTid(request.getString(41));
        Optional<TerminalKey> key = device.flatMap(d -> keys.findById(d.id()));
        if (device.isEmpty() || key.isEmpty()) {
            response.set(39, ResponseCode.TERMINAL_NOT_ALLOWED);
            return Optional.empty();
        }
        if (macRequired) {
            LmkKey mac = key.get().macKey();
            if (mac == null) {
                response.set(39, ResponseCode.SIGN_ON_REQUIRED);
                return Optional.empty();
            }
            if (!securityModule.verifyMac(request, mac)) {
                response.set(39, ResponseCode.MAC_ERROR);
                return Optional.empty();
            }
        }
        Device d = device.get();
        if (d.status() != DeviceStatus.ACTIVE || d.merchant() == null
                || !d.merchant().mid().equals(request.getString(42))) {
            response.set(39, ResponseCode.TERMINAL_NOT_ALLOWED);
            return Optional.empty();
        }
        return Optional.of(new Caller(d, key.get()));
    }

    void sign(ISOMsg response, TerminalKey key) {
        securityModule.signMac(response, key.macKey());
    }
}
