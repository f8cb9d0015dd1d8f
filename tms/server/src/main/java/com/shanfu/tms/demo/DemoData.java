package com.shanfu.tms.demo;

import com.shanfu.tms.device.DeviceRepository;
import com.shanfu.tms.device.DeviceService;
import com.shanfu.tms.issuer.Issuer;
import com.shanfu.tms.issuer.IssuerAccount;
import com.shanfu.tms.issuer.IssuerAccountRepository;
import com.shanfu.tms.keys.SecurityModule;
import com.shanfu.tms.verification.IdentityVerification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Demo inventory and the issuer simulator's card accounts (the software cards of terminal-client use the same PANs
 * and issuer master keys). Only with {@code shanfu.demo=true}; idempotent.
 */
@Component
@ConditionalOnProperty(name = "shanfu.demo", havingValue = "true")
class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    /** The online PIN of every demo card. */
    static final String DEMO_PIN = "123456";

    /** PAN, expiry YYMM, balance in fen, status, card type, daily limit in fen (empty: none): cards.json's cards. */
    static final String[][] CARDS = {
        {"6228480402564890018", "3112", "500000000", "ACTIVE", "DEBIT", ""}, // UnionPay debit
        {"6258091234567894", "3112", "2000000", "ACTIVE", "CREDIT", ""}, // UnionPay credit
        {"4761739001010010", "3112", "2000000", "ACTIVE", "CREDIT", ""}, // Visa
        {"5413330089020011", "3112", "2000000", "ACTIVE", "CREDIT", ""}, // Mastercard
        {"6228480402564890026", "3112", "1000000", "ACTIVE", "DEBIT", ""}, // UnionPay mobile wallet
        {"6228480402564890034", "2401", "1000000", "ACTIVE", "DEBIT", ""}, // expired
        {"6228480402564890042", "3112", "1000000", "BLOCKED", "DEBIT", ""}, // blocked
        {"6228480402564890059", "3112", "500", "ACTIVE", "DEBIT", ""}, // 5.00 CNY left
        {"6228480402564890067", "3112", "10000000", "ACTIVE", "DEBIT", "100000"}, // 1000.00 CNY a day
    };

    /**
     * People with accounts at the simulated bank, for the identity verification simulator: name, ID number, mobile,
     * card, card type. The portal's demo application of applicant1 is the first; README lists them for trying out.
     */
    static final String[][] CARDHOLDERS = {
        {"张小明", "110105199404100184", "13912345678", "6217000010012345677", "DEBIT"},
        {"王芳", "310115198806120247", "13800138000", "6228480402564890018", "DEBIT"},
        {"王芳", "310115198806120247", "13800138000", "6258091234567890127", "CREDIT"},
        {"陈伟", "44030419950203031X", "13700137000", "6214830000123456789", "DEBIT"},
    };

    private final DeviceService devices;
    private final DeviceRepository deviceRepository;
    private final IssuerAccountRepository accounts;
    private final SecurityModule securityModule;
    private final IdentityVerification identities;
    private final com.shanfu.tms.parameters.CaKeys caKeys;
    private final com.shanfu.tms.keys.ZoneKeys zoneKeys;

    /**
     * The demo issuer master keys, the same demo material the terminal's software cards are made from
     * (terminal-client cards.json). Imported under the LMK at the first demo start; never production keys, and the
     * prod profile refuses demo data.
     */
    static final java.util.Map<String, String> DEMO_ISSUER_MASTER_KEYS = java.util.Map.of(
            "unionpay", "0123456789ABCDEFFEDCBA9876543210",
            "visa", "89ABCDEF01234567FEDCBA9876543210",
            "mastercard", "FEDCBA98765432100123456789ABCDEF");

    DemoData(
            DeviceService devices,
            DeviceRepository deviceRepository,
            IssuerAccountRepository accounts,
            SecurityModule securityModule,
            IdentityVerification identities,
            com.shanfu.tms.parameters.CaKeys caKeys,
            com.shanfu.tms.keys.ZoneKeys zoneKeys) {
        this.zoneKeys = zoneKeys;
        this.caKeys = caKeys;
        this.identities = identities;
        this.devices = devices;
        this.deviceRepository = deviceRepository;
        this.accounts = accounts;
        this.securityModule = securityModule;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        for (int i = 1; i <= 50; i++) {
            for (String model : new String[] {"SF-Q1", "SF-P2"}) {
                String serial = model.replace("-", "") + String.format("-%06d", i);
                if (deviceRepository.findBySerial(serial).isEmpty()) {
                    devices.addToStock(serial, model, "demo-seed");
                }
            }
        }
        DEMO_ISSUER_MASTER_KEYS.forEach((scheme, hex) -> {
            byte[] clear = java.util.HexFormat.of().parseHex(hex);
            if (zoneKeys.importIssuerMasterKey(scheme, clear)) {
                log.info("demo issuer master key of {} imported under the LMK", scheme);
            }
            java.util.Arrays.fill(clear, (byte) 0);
        });
        for (String[] c : CARDS) {
            String hash = securityModule.lookupHash(c[0]);
            if (!accounts.existsById(hash)) {
                Issuer.Card card = new Issuer.Card(c[0], null, c[1]);
                IssuerAccount account = new IssuerAccount(
                                hash, card.masked(), card.scheme(), c[1], Long.parseLong(c[2]), c[3])
                        .withType(c[4], c[5].isEmpty() ? null : Long.valueOf(c[5]));
                account.setPinVerificationValue(securityModule.pinVerificationValue(c[0], DEMO_PIN));
                accounts.save(account);
            }
        }
        for (String[] h : CARDHOLDERS) {
            identities.openCard(new IdentityVerification.Elements(h[0], h[1], h[3], h[2]), h[4]);
        }
        caKeys.ensureDemoKeys(java.util.List.of("A000000333", "A000000003", "A000000004"));
        log.info("demo data ready: {} devices in stock, {} issuer card accounts", devices.inStock(), accounts.count());
    }
}
