package com.shanfu.portal.application;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Demo data for the local run ({@code shanfu.demo=true}): a submitted application of the realm's demo user
 * {@code applicant1}, so the staff queue has something to decide. Idempotent.
 */
@Component
@ConditionalOnProperty(name = "shanfu.demo", havingValue = "true")
class DemoApplications implements ApplicationRunner {

    /** applicant1's fixed user id in infra/keycloak/shanfu-realm.json. */
    static final String APPLICANT1 = "6a1f0c2e-0000-4000-8000-000000000004";
    private static final Logger log = LoggerFactory.getLogger(DemoApplications.class);

    private final ApplicationRepository applications;
    private final ApplicationEventRepository events;
    private final Pii pii;
    private final Clock clock;

    DemoApplications(ApplicationRepository applications, ApplicationEventRepository events, Pii pii, Clock clock) {
        this.applications = applications;
        this.events = events;
        this.pii = pii;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (!applications.findByApplicantSubjectOrderByCreatedAtDesc(APPLICANT1).isEmpty()) {
            return;
        }
        LocalDate birth = LocalDate.now(clock).minusYears(32).withDayOfYear(100);
        String first17 = "110105" + birth.toString().replace("-", "") + "018";
        String id = first17 + IdNumber.checkCharacter(first17);
        String card = "6217000010012345677";
        Instant now = clock.instant();
        Application a = applications.save(new Application(APPLICANT1, "applicant1", "张小明", pii.encrypt(id),
                IdNumber.mask(id), pii.hash(id), birth, "13912345678", pii.encrypt(card), BankCards.mask(card),
                BankCards.bin(card).orElseThrow().bankZh(), "北京市朝阳区建国路88号", "北京", now));
        events.save(new ApplicationEvent(a.getId(), ApplicationStatus.SUBMITTED, "applicant1", null, now));
        log.info("demo application #{} for applicant1 submitted", a.getId());
    }
}
