package com.shanfu.portal.application;

import com.shanfu.portal.privacy.Pii;
import com.shanfu.portal.risk.RiskRules;
import com.shanfu.portal.verification.IdentityVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.PageRequest;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The background step after submission: a submitted application is marked VERIFYING (committed, so the applicant
 * sees it), the four elements go to the bank-card verification service outside any transaction, and the answer
 * and the risk rules of the version pinned at submission move it on: rejected with the rule's reason, approved,
 * or (most often) awaiting the staff call. When the
 * service does not answer the application stays VERIFYING and is tried again after {@link #RETRY_AFTER}. Two
 * portal instances doing this at once are safe: the state changes are guarded by the row's version.
 */
@Component
class IdentityChecks {

    static final Duration RETRY_AFTER = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(IdentityChecks.class);

    private final ApplicationRepository applications;
    private final KycCheckRepository checks;
    private final IdentityVerifier verifier;
    private final Pii pii;
    private final TransactionTemplate tx;
    private final RiskRules rules;
    private final Decisions approvals;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final Clock clock;

    IdentityChecks(
            ApplicationRepository applications,
            KycCheckRepository checks,
            IdentityVerifier verifier,
            Pii pii,
            TransactionTemplate tx,
            RiskRules rules,
            Decisions approvals,
            org.springframework.context.ApplicationEventPublisher events,
            Clock clock) {
        this.events = events;
        this.rules = rules;
        this.approvals = approvals;
        this.applications = applications;
        this.checks = checks;
        this.verifier = verifier;
        this.pii = pii;
        this.tx = tx;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${shanfu.identity.poll-interval:1000}")
    @SchedulerLock(name = "identity-checks", lockAtMostFor = "PT5M")
    void run() {
        List<Long> submitted = tx.execute(
                s -> applications.findByStatusOrderByIdAsc(ApplicationStatus.SUBMITTED, PageRequest.of(0, 20)).stream()
                        .map(Application::getId)
                        .toList());
        submitted.forEach(id -> isolated(id, this::startVerifying));
        List<Long> verifying = tx.execute(
                s -> applications.findByStatusOrderByIdAsc(ApplicationStatus.VERIFYING, PageRequest.of(0, 20)).stream()
                        .map(Application::getId)
                        .toList());
        verifying.forEach(id -> isolated(id, this::verify));
    }

    /** One application that cannot be processed must not hold up the others; it is logged and tried again later. */
    private void isolated(long id, java.util.function.LongConsumer step) {
        try {
            step.accept(id);
        } catch (RuntimeException e) {
            log.error(
                    "application {}: background check failed ({}); will try again",
                    id,
                    e.getClass().getSimpleName(),
                    e);
        }
    }

    private void startVerifying(long id) {
        try {
            tx.executeWithoutResult(s -> {
                Application a = applications.findById(id).orElseThrow();
                if (a.getStatus() == ApplicationStatus.SUBMITTED) {
                    Instant now = clock.instant();
                    a.moveTo(ApplicationStatus.VERIFYING, now);
                    events.publishEvent(new ApplicationChange.VerificationStarted(a, "system", now));
                }
            });
        } catch (OptimisticLockingFailureException e) {
            // another instance or the applicant (withdrawal) changed it first
        }
    }

    private void verify(long id) {
        IdentityVerifier.Elements elements = tx.execute(s -> {
            Application a = applications.findById(id).orElseThrow();
            boolean due = checks.findFirstByApplicationIdAndKindOrderByIdDesc(id, KycCheck.Kind.FOUR_ELEMENTS)
                    .map(c -> c.getOutcome() == KycCheck.Outcome.ERROR
                            && c.getAt().plus(RETRY_AFTER).isBefore(clock.instant()))
                    .orElse(true);
            return a.getStatus() == ApplicationStatus.VERIFYING && due
                    ? new IdentityVerifier.Elements(
                            a.getLegalName(),
                            pii.decrypt(a.getIdNumberEnc()),
                            pii.decrypt(a.getSettlementCardEnc()),
                            pii.decrypt(a.getPhoneEnc()))
                    : null;
        });
        if (elements == null) {
            return;
        }
        IdentityVerifier.Verdict verdict;
        try {
            verdict = verifier.verify(elements);
        } catch (IdentityVerifier.VerifierUnavailable e) {
            log.warn(
                    "application {}: identity verification unavailable ({}); retrying in {}",
                    id,
                    e.getMessage(),
                    RETRY_AFTER);
            tx.executeWithoutResult(s -> checks.save(new KycCheck(
                    id,
                    KycCheck.Kind.FOUR_ELEMENTS,
                    KycCheck.Outcome.ERROR,
                    KycCheck.Detail.of("verification service unavailable", "verifier-unavailable"),
                    clock.instant())));
            return;
        }
        try {
            tx.executeWithoutResult(s -> conclude(id, verdict));
        } catch (OptimisticLockingFailureException e) {
            // withdrawn meanwhile: nothing to conclude
        }
    }

    private void conclude(long id, IdentityVerifier.Verdict v) {
        Application a = applications.findById(id).orElseThrow();
        if (a.getStatus() != ApplicationStatus.VERIFYING) {
            return;
        }
        Instant now = clock.instant();
        boolean consistentDebit = v.result() == IdentityVerifier.Result.CONSISTENT && !"CREDIT".equals(v.cardType());
        checks.save(new KycCheck(
                id,
                KycCheck.Kind.FOUR_ELEMENTS,
                consistentDebit ? KycCheck.Outcome.PASS : KycCheck.Outcome.FAIL,
                KycCheck.Detail.of(
                        v.result()
                                + (v.mismatched().isEmpty() ? "" : " " + v.mismatched())
                                + (v.cardType() == null ? "" : "; " + v.cardType()),
                        "four-elements",
                        KycCheck.Detail.wordOf("check.result.", v.result().name()),
                        v.mismatched().isEmpty() ? "" : " " + v.mismatched(),
                        KycCheck.Detail.wordOf("check.card-type.", v.cardType() == null ? "unknown" : v.cardType())),
                now));
        RiskRules.Outcome risk = rules.evaluate(a.getRuleVersion(), facts(a, v));
        a.judged(risk.score(), risk.decision().name(), String.join(",", risk.matched()));
        checks.save(new KycCheck(
                id,
                KycCheck.Kind.RISK_RULES,
                switch (risk.decision()) {
                    case AUTO_REJECT -> KycCheck.Outcome.FAIL;
                    case AUTO_APPROVE -> KycCheck.Outcome.PASS;
                    default -> KycCheck.Outcome.REVIEW;
                },
                KycCheck.Detail.of(
                        "v" + risk.version() + " score " + risk.score() + " " + risk.decision() + " " + risk.matched(),
                        "risk-rules",
                        risk.version(),
                        risk.score(),
                        KycCheck.Detail.wordOf(
                                "check.decision.", risk.decision().name()),
                        risk.matched().isEmpty() ? "" : " " + risk.matched()),
                now));
        switch (risk.decision()) {
            case AUTO_REJECT -> {
                String reason = "en".equals(a.getLanguage()) ? risk.reasonEn() : risk.reason();
                a.reject(reason, now);
                events.publishEvent(new ApplicationChange.ApplicationRejected(a, "system", now, reason, null));
            }
            case AUTO_APPROVE -> approvals.approveAutomatically(a);
            default -> {
                a.moveTo(ApplicationStatus.AWAITING_CALL, now);
                events.publishEvent(new ApplicationChange.CallAwaited(a, "system", now));
            }
        }
    }

    /** What the risk rules may look at (see RiskRules.EXAMPLE_FACTS for the names). */
    private Map<String, Object> facts(Application a, IdentityVerifier.Verdict v) {
        Map<String, Object> f = new HashMap<>();
        f.put("age", a.ageOn(LocalDate.now(clock)));
        f.put("province", a.getRegionCode().substring(0, 2));
        f.put("mcc", a.getMcc());
        f.put("city", a.getCity());
        f.put("fourElements", v.result().name());
        f.put("settlementCardType", v.cardType() == null ? "" : v.cardType());
        f.put(
                "creditStanding",
                checks.findFirstByApplicationIdAndKindOrderByIdDesc(a.getId(), KycCheck.Kind.CREDIT_STANDING)
                        .map(c -> c.getOutcome().name())
                        .orElse("SKIPPED"));
        f.put("hasCreditCard", a.getCreditCardMasked() != null);
        f.put("samePhoneApplications", a.getPhoneHash() == null ? 1 : applications.countByPhoneHash(a.getPhoneHash()));
        f.put(
                "sameIdApplications",
                applications.findByIdNumberHash(a.getIdNumberHash()).size() - 1);
        f.put("preferredModel", a.getPreferredModel() == null ? "" : a.getPreferredModel());
        f.put(
                "blocklisted",
                checks.findFirstByApplicationIdAndKindOrderByIdDesc(a.getId(), KycCheck.Kind.BLOCKLIST)
                        .map(c -> c.getOutcome() == KycCheck.Outcome.FAIL)
                        .orElse(false));
        return f;
    }
}
