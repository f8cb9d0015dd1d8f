package com.shanfu.tms.host;

import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.ResponseCode;
import com.shanfu.protocol.iso.SignOnAuth;
import com.shanfu.protocol.iso.WorkingKeys;
import com.shanfu.tms.keys.LmkKey;
import com.shanfu.tms.keys.SecurityModule;
import com.shanfu.tms.keys.TerminalKey;
import com.shanfu.tms.keys.TerminalKeyRepository;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.jpos.iso.ISOMsg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sign-on (0800, 60.3 = 004), already authenticated by {@link CheckTerminal}: with the terminal's key row locked, a
 * counter not above the last one accepted is a replay ({@code 63}, nothing changes); otherwise new PIN, MAC and data
 * keys go out as TR-31 key blocks under the TMK in field 62. A sign-on made under a TMK delivered by a rotation task
 * puts that TMK in force.
 */
@Component
class SignOn {

    private static final Logger log = LoggerFactory.getLogger(SignOn.class);

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
        SignOnAuth.Challenge challenge;
        try {
            challenge = SignOnAuth.Challenge.parse(request.getBytes(62));
        } catch (IllegalArgumentException e) {
            response.set(39, ResponseCode.FORMAT_ERROR);
            return;
        }
        TerminalKey key = keys.lockById(caller.device().id()).orElseThrow();
        if (challenge.counter() <= key.signOnCounter()) {
            log.warn(
                    "sign-on replay refused: tid={} counter {} not above {}",
                    caller.device().tid(),
                    challenge.counter(),
                    key.signOnCounter());
            response.set(39, ResponseCode.SECURITY_VIOLATION);
            return;
        }
        if (caller.tmk() == HostTerminals.Tmk.PENDING && key.pendingTmk() != null) {
            key.promotePendingTmk(); // the terminal proved it holds the rotated TMK
            log.info(
                    "tid={} signed on under its new TMK (KCV {}): now in force",
                    caller.device().tid(),
                    key.tmk().kcv());
        }
        LmkKey pin = securityModule.generateKey();
        LmkKey mac = securityModule.generateKey();
        LmkKey data = securityModule.generateKey();
        StringBuilder f62 = new StringBuilder(WorkingKeys.FIELD_62_LENGTH);
        LmkKey[] working = {pin, mac, data};
        for (int i = 0; i < working.length; i++) {
            f62.append(securityModule.exportKeyBlock(working[i], key.tmk(), WorkingKeys.ORDER[i]));
        }
        key.rotateWorkingKeys(pin, mac, data, challenge.counter(), clock.instant());
        keys.save(key);
        response.set(62, f62.toString().getBytes(StandardCharsets.US_ASCII));
        response.set(39, ResponseCode.APPROVED);
    }
}
