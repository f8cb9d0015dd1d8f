package com.shanfu.tms.host;

import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.ResponseCode;
import com.shanfu.tms.keys.LmkKey;
import com.shanfu.tms.keys.SecurityModule;
import com.shanfu.tms.keys.TerminalKeyRepository;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.HexFormat;
import org.jpos.iso.ISOMsg;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Sign-on (0800, 60.3 = 004): new PIN, MAC and data keys, each under the TMK with its KCV, in field 62. */
@Component
class SignOn {

    private final TerminalKeyRepository keys;
    private final SecurityModule securityModule;
    private final Clock clock;

    SignOn(TerminalKeyRepository keys, SecurityModule securityModule, Clock clock) {
        this.keys = keys;
        this.securityModule = securityModule;
        this.clock = clock;
    }

    @Transactional
    public void handle(HostTerminals.Caller caller, ISOMsg request, ISOMsg response, Field60 f60) {
        var key = keys.findById(caller.device().id()).orElseThrow();
        LmkKey pin = securityModule.generateKey();
        LmkKey mac = securityModule.generateKey();
        LmkKey data = securityModule.generateKey();
        ByteArrayOutputStream f62 = new ByteArrayOutputStream();
        for (LmkKey k : new LmkKey[] {pin, mac, data}) {
            f62.writeBytes(securityModule.exportUnderKek(k, key.tmk()));
            f62.writeBytes(HexFormat.of().parseHex(k.kcv()));
        }
        key.rotateWorkingKeys(pin, mac, data, clock.instant());
        keys.save(key);
        response.set(62, f62.toByteArray());
        response.set(39, ResponseCode.APPROVED);
    }
}
