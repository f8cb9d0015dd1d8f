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
    static final ApplicationForm FORM = new ApplicationForm("张小明", "110105199404100184", "13912345678",
            "6217000010012345677", "", "5499", "北京市朝阳区建国路88号1层", "北京市朝阳区建国路88号", "北京", "");
    private static final Logger log = LoggerFactory.getLogger(DemoApplications.class);

    private final ApplicationRepository applications;
    private final ApplicationJournal journal;
    private final Pii pii;
    private final PhoneVerifications phones;
    private final com.shanfu.portal.risk.RiskRules rules;
    private final Clock clock;

    DemoApplications(ApplicationRepository applications, ApplicationJournal journal, Pii pii, PhoneVerifications phones,
                     com.shanfu.portal.risk.RiskRules rules, Clock clock) {
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
        if (!applications.findByApplicantSubjectOrderByCreatedAtDesc(APPLICANT1).isEmpty()) {
            return;
        }
        String id = FORM.idNumber();
        String card = FORM.settlementCard();
        String phone = FORM.phone();
        Application.Sealed sealed = new Application.Sealed(pii.encrypt(id), IdNumber.mask(id), pii.hash(id),
                IdNumber.birthDate(id).orElseThrow(), pii.encrypt(phone), MobilePhone.mask(phone), phones.hash(phone),
                pii.encrypt(card),
                BankCards.mask(card), BankCards.bin(card).orElseThrow().bankZh(), null, null);
        Instant now = clock.instant();
        Application a = applications.save(new Application(new Application.Applicant(APPLICANT1, "applicant1",
                "applicant1@shanfu.example", "zh", rules.current().version()), FORM, sealed, now));
        journal.record(a, "applicant1", null, now);
        log.info("demo application #{} for applicant1 submitted", a.getId());
    }
}
