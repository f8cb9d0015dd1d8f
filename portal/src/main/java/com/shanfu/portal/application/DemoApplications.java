package com.shanfu.portal.application;

import com.shanfu.portal.privacy.Pii;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Demo data for the local run ({@code shanfu.demo=true}): a submitted application of the realm's demo user
 * {@code applicant1}, whose identity the TMS's simulated bank knows (tms DemoData.CARDHOLDERS), so it verifies and
 * lands in the staff queue. Idempotent.
 */
@Component
@ConditionalOnProperty(name = "shanfu.demo", havingValue = "true")
class DemoApplications implements ApplicationRunner {

    /** applicant1's fixed user id in infra/keycloak/shanfu-realm.json. */
    static final String APPLICANT1 = "6a1f0c2e-0000-4000-8000-000000000004";

    static final ApplicationForm FORM = new ApplicationForm(
            "张小明",
            "110105199404100184",
            "13912345678",
            "6217000010012345677",
            "",
            "5499",
            "北京市朝阳区建国路88号1层",
            "北京市朝阳区建国路88号",
            "北京",
            "");
    /** merchant1's fixed user id in infra/keycloak/shanfu-realm.json: an approved shop with a shipped terminal. */
    static final String MERCHANT1 = "6a1f0c2e-0000-4000-8000-000000000005";

    static final ApplicationForm MERCHANT_FORM = new ApplicationForm(
            "陈伟",
            "44030419950203031X",
            "13700137000",
            "6214830000123456789",
            "",
            "5812",
            "深圳市南山区科技园南路1号",
            "深圳市南山区科技园南路1号",
            "深圳",
            "SF-P2");
    private static final Logger log = LoggerFactory.getLogger(DemoApplications.class);

    private final ApplicationRepository applications;
    private final ApplicationJournal journal;
    private final Pii pii;
    private final PhoneVerifications phones;
    private final com.shanfu.portal.risk.RiskRules rules;
    private final Clock clock;
    private final ShipmentRepository shipments;
    private final FeePlanRepository feePlans;
    private final com.shanfu.portal.tms.TmsClient tms;
    private final String terminalFile;

    DemoApplications(
            ApplicationRepository applications,
            ApplicationJournal journal,
            Pii pii,
            PhoneVerifications phones,
            com.shanfu.portal.risk.RiskRules rules,
            Clock clock,
            ShipmentRepository shipments,
            FeePlanRepository feePlans,
            com.shanfu.portal.tms.TmsClient tms,
            @org.springframework.beans.factory.annotation.Value("${shanfu.demo.terminal-file:}") String terminalFile) {
        this.shipments = shipments;
        this.feePlans = feePlans;
        this.tms = tms;
        this.terminalFile = terminalFile;
        this.phones = phones;
        this.rules = rules;
        this.applications = applications;
        this.journal = journal;
        this.pii = pii;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (applications.findByApplicantSubjectOrderByCreatedAtDesc(APPLICANT1).isEmpty()) {
            Instant now = clock.instant();
            Application a = applications.save(new Application(
                    new Application.Applicant(
                            APPLICANT1,
                            "applicant1",
                            "applicant1@shanfu.example",
                            "zh",
                            rules.current().version()),
                    FORM,
                    sealed(FORM),
                    now));
            journal.record(a, "applicant1", null, now);
            log.info("demo application #{} for applicant1 submitted", a.getId());
        }
        if (applications.findByApplicantSubjectOrderByCreatedAtDesc(MERCHANT1).isEmpty()) {
            merchant1();
        }
    }

    /**
     * merchant1's shop: an application approved with the food plan, registered in the TMS and shipped a device from
     * its stock. The serial and activation code go to {@code shanfu.demo.terminal-file}, where the launcher picks
     * them up to activate a terminal and take a few sales, as a merchant would.
     */
    private void merchant1() {
        Instant now = clock.instant();
        Application a = applications.save(new Application(
                new Application.Applicant(
                        MERCHANT1,
                        "merchant1",
                        "merchant1@shanfu.example",
                        "zh",
                        rules.current().version()),
                MERCHANT_FORM,
                sealed(MERCHANT_FORM),
                now));
        FeePlan plan = feePlans.findById(FeePlan.forMcc(MERCHANT_FORM.mcc())).orElseThrow();
        var m = tms.registerMerchant(
                "application-" + a.getId(),
                a.getLegalName(),
                a.getCity(),
                a.getMcc(),
                plan.rates()
                        .terms(
                                plan.getCode(),
                                com.shanfu.tms.contract.SettlementCycle.T1,
                                a.getSettlementCardMasked().replace(" ", "")));
        a.moveTo(ApplicationStatus.VERIFYING, now);
        a.approve(m.mid(), plan.getCode(), now);
        var s = tms.ship("application-" + a.getId(), m.mid(), MERCHANT_FORM.preferredModel());
        a.moveTo(ApplicationStatus.SHIPPED, now);
        a.moveTo(ApplicationStatus.DELIVERED, now);
        shipments.save(new Shipment(
                a.getId(),
                s.serial(),
                s.model(),
                s.tid(),
                Shipment.IssuedCode.of(s.serial(), s.activationCode(), pii),
                s.activationExpiresAt(),
                "SF",
                "SF0000000000001",
                "staff1",
                now));
        journal.record(a, "staff1", m.mid(), now);
        if (!terminalFile.isBlank()) {
            try {
                java.nio.file.Files.writeString(
                        java.nio.file.Path.of(terminalFile), s.serial() + " " + s.activationCode() + "\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("demo terminal file " + terminalFile, e);
            }
        }
        log.info("demo merchant merchant1: MID {}, terminal {} shipped", m.mid(), s.serial());
    }

    private Application.Sealed sealed(ApplicationForm form) {
        String id = form.idNumber();
        String card = form.settlementCard();
        String phone = form.phone();
        return new Application.Sealed(
                pii.encrypt(id),
                IdNumber.mask(id),
                pii.hash(id),
                IdNumber.birthDate(id).orElseThrow(),
                pii.encrypt(phone),
                MobilePhone.mask(phone),
                phones.hash(phone),
                pii.encrypt(card),
                BankCards.mask(card),
                BankCards.bin(card).orElseThrow().bankZh(),
                null,
                null);
    }
}
