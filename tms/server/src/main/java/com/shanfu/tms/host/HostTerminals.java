package com.shanfu.tms.host;

import com.shanfu.protocol.iso.ResponseCode;
import com.shanfu.tms.contract.DeviceStatus;
import com.shanfu.tms.device.Device;
import com.shanfu.tms.device.DeviceRepository;
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

    /** Which TMK a sign-on was made under: the one in force, or one a TMK_ROTATION task delivered. */
    enum Tmk {
        CURRENT,
        PENDING
    }

    record Caller(Device device, TerminalKey keys, Tmk tmk) {
        Caller(Device device, TerminalKey keys) {
            this(device, keys, Tmk.CURRENT);
        }

        LmkKey tmkInUse() {
            return tmk == Tmk.PENDING ? keys.pendingTmk() : keys.tmk();
        }
    }

    /**
     * The TMK a sign-on request's MAC verifies under (the current one, else a pending one from a rotation), or empty
     * when it verifies under neither: a sign-on from someone without the TMK.
     */
    Optional<Tmk> signOnKey(ISOMsg request, TerminalKey key) {
        if (securityModule.verifySignOn(request, key.tmk())) {
            return Optional.of(Tmk.CURRENT);
        }
        if (key.pendingTmk() != null && securityModule.verifySignOn(request, key.pendingTmk())) {
            return Optional.of(Tmk.PENDING);
        }
        return Optional.empty();
    }

    /** Signs a sign-on answer under the TMK the request was made with, bound to the request's challenge. */
    void signSignOn(ISOMsg response, ISOMsg request, Caller caller) {
        byte[] challenge = request.hasField(62) ? request.getBytes(62) : new byte[0];
        securityModule.signSignOnAnswer(response, challenge, caller.tmkInUse());
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
        if (d.status() != DeviceStatus.ACTIVE
                || d.merchant() == null
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
