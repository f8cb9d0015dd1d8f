package com.shanfu.tms.keys;

import java.time.Clock;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keys the host shares with the issuer side: the zone PIN key (ZPK) under which PIN blocks travel to the issuer.
 * Created once, at the first start, kept only under the LMK.
 */
@Component
public class ZoneKeys implements ApplicationRunner {

    static final String ISSUER_ZPK = "ZPK-ISSUER";

    private final ZoneKeyRepository keys;
    private final SecurityModule securityModule;
    private final TransactionTemplate tx;
    private final Clock clock;
    private volatile LmkKey issuerPinKey;

    ZoneKeys(ZoneKeyRepository keys, SecurityModule securityModule, TransactionTemplate tx, Clock clock) {
        this.keys = keys;
        this.securityModule = securityModule;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        issuerPinKey();
    }

    /** The zone PIN key shared with the issuer. */
    public LmkKey issuerPinKey() {
        LmkKey k = issuerPinKey;
        if (k == null) {
            k = tx.execute(status -> keys.findById(ISSUER_ZPK)
                    .orElseGet(() -> keys.saveAndFlush(new ZoneKey(ISSUER_ZPK, securityModule.generateKey(), clock.instant())))
                    .key());
            issuerPinKey = k;
        }
        return k;
    }
}
