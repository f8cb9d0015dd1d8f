package com.shanfu.tms.keys;

import java.time.Clock;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keys the host shares with the issuer side, kept only under the LMK ({@code zone_key}): the zone PIN key (ZPK) under
 * which PIN blocks travel to the issuer, created at the first start, and the issuer master keys (IMK) of the issuer
 * simulator, by scheme, imported once (from their components, or in a demo from the demo material) and never kept
 * in configuration.
 */
@Component
public class ZoneKeys implements ApplicationRunner {

    static final String ISSUER_ZPK = "ZPK-ISSUER";

    private final ZoneKeyRepository keys;
    private final SecurityModule securityModule;
    private final TransactionTemplate tx;
    private final Clock clock;
    private volatile LmkKey issuerPinKey;
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.Optional<LmkKey>> masterKeys =
            new java.util.concurrent.ConcurrentHashMap<>();

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

    /** The issuer master key of a scheme, under the LMK; empty when none was imported. */
    public java.util.Optional<LmkKey> issuerMasterKey(String scheme) {
        if (scheme == null) {
            return java.util.Optional.empty();
        }
        return masterKeys.computeIfAbsent(
                scheme, s -> tx.execute(status -> keys.findById(imkName(s)).map(ZoneKey::key)));
    }

    /**
     * Imports a scheme's issuer master key (clear, double-length TDES) under the LMK, once: an existing key is kept.
     * True when it was imported now.
     */
    public boolean importIssuerMasterKey(String scheme, byte[] clear) {
        if (clear.length != 16 && clear.length != 24) {
            throw new IllegalArgumentException("an issuer master key is a double- or triple-length TDES key");
        }
        Boolean imported = tx.execute(status -> {
            if (keys.existsById(imkName(scheme))) {
                return false;
            }
            keys.saveAndFlush(new ZoneKey(imkName(scheme), securityModule.importKey(clear), clock.instant()));
            return true;
        });
        masterKeys.remove(scheme);
        return Boolean.TRUE.equals(imported);
    }

    static String imkName(String scheme) {
        return "IMK-" + scheme.toUpperCase(java.util.Locale.ROOT);
    }

    /** The zone PIN key shared with the issuer. */
    public LmkKey issuerPinKey() {
        LmkKey k = issuerPinKey;
        if (k == null) {
            k = tx.execute(status -> keys.findById(ISSUER_ZPK)
                    .orElseGet(() ->
                            keys.saveAndFlush(new ZoneKey(ISSUER_ZPK, securityModule.generateKey(), clock.instant())))
                    .key());
            issuerPinKey = k;
        }
        return k;
    }
}
