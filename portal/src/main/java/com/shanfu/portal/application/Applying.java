package com.shanfu.portal.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shanfu.portal.application.ApplicationChange.ApplicationSubmitted;
import com.shanfu.portal.application.ApplicationChange.ApplicationWithdrawn;
import com.shanfu.portal.application.ApplicationChange.InfoAnswered;
import com.shanfu.portal.privacy.Pii;
import com.shanfu.portal.risk.RiskRules;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.verification.IdentityVerifier;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The applicant's side of the journey: a draft, the submission with its automatic checks, an answer to the staff's
 * question, and withdrawal. Every refusal is an {@link ApplicationException} with a message key, thrown before
 * anything is written; every step publishes an {@link ApplicationChange}.
 */
@Service
public class Applying {

    public static final int MAX_APPLICATIONS_PER_ID = 3;

    private final ApplicationRepository applications;
    private final KycCheckRepository checks;
    private final ApplicationDraftRepository drafts;
    private final BlocklistRepository blocklist;
    private final PhoneVerifications phones;
    private final IdentityVerifier verifier;
    private final RiskRules rules;
    private final PersonalData personalData;
    private final Pii pii;
    private final ObjectMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Applying(
            ApplicationRepository applications,
            KycCheckRepository checks,
            ApplicationDraftRepository drafts,
            BlocklistRepository blocklist,
            PhoneVerifications phones,
            IdentityVerifier verifier,
            RiskRules rules,
            PersonalData personalData,
            Pii pii,
            ObjectMapper json,
            ApplicationEventPublisher events,
            Clock clock) {
        this.applications = applications;
        this.checks = checks;
        this.drafts = drafts;
        this.blocklist = blocklist;
        this.phones = phones;
        this.verifier = verifier;
        this.rules = rules;
        this.personalData = personalData;
        this.pii = pii;
        this.json = json;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Submits an application: every rule of {@link ApplicationForm}, a phone number proved by a code, at most one open
     * application and {@value #MAX_APPLICATIONS_PER_ID} in all per ID number. The optional credit card is checked
     * for standing here and then forgotten: only its mask is kept. Identity verification follows in the background.
     */
    @Transactional
    @PreAuthorize("hasRole('applicant')")
    public Application submit(ApplicationForm form, CurrentUser applicant, Locale locale) {
        LocalDate today = LocalDate.now(clock);
        Map<String, String> problems = form.problems(today);
        if (!problems.isEmpty()) {
            throw new ApplicationException(problems);
        }
        if (!phones.proved(form.phone(), applicant)) {
            throw new ApplicationException(Map.of("phone", "validation.phone.not-proved"));
        }
        String id = IdNumber.normalise(form.idNumber());
        String idHash = pii.hash(id);
        List<Application> sameId = applications.findByIdNumberHash(idHash);
        if (sameId.stream().anyMatch(a -> a.getStatus().open())) {
            throw new ApplicationException("error.open-application-exists");
        }
        long held = sameId.stream()
                .filter(a -> a.getStatus() != ApplicationStatus.REJECTED)
                .count();
        if (held >= MAX_APPLICATIONS_PER_ID) {
            throw new ApplicationException("error.too-many-applications", MAX_APPLICATIONS_PER_ID);
        }
        String card = BankCards.normalise(form.settlementCard());
        BankCards.Bin bin = BankCards.bin(card).orElseThrow();
        String phone = MobilePhone.normalise(form.phone());
        String credit = BankCards.normalise(form.creditCard());
        BankCards.Bin creditBin =
                credit.isEmpty() ? null : BankCards.bin(credit).orElseThrow();
        CheckResult standing = creditStanding(form.legalName().trim(), id, credit);
        LocalDate birth = IdNumber.birthDate(id).orElseThrow();
        Application.Sealed sealed = new Application.Sealed(
                pii.encrypt(id),
                IdNumber.mask(id),
                idHash,
                birth,
                pii.encrypt(phone),
                MobilePhone.mask(phone),
                phones.hash(phone),
                pii.encrypt(card),
                BankCards.mask(card),
                bin.bankZh(),
                credit.isEmpty() ? null : BankCards.mask(credit),
                creditBin == null ? null : creditBin.bankZh());
        Instant now = clock.instant();
        Application a = applications.save(new Application(
                new Application.Applicant(
                        applicant.subject(),
                        applicant.username(),
                        applicant.email(),
                        "en".equals(locale.getLanguage()) ? "en" : "zh",
                        rules.current().version()),
                form,
                sealed,
                now));
        int age = Period.between(birth, today).getYears();
        check(
                a,
                KycCheck.Kind.ID_NUMBER,
                KycCheck.Outcome.PASS,
                KycCheck.Detail.of(
                        "GB 11643 check digit; age " + age + "; region " + id.substring(0, 6),
                        "id-number",
                        age,
                        id.substring(0, 6)));
        check(
                a,
                KycCheck.Kind.PHONE_OTP,
                KycCheck.Outcome.PASS,
                KycCheck.Detail.of(
                        "code confirmed for " + MobilePhone.mask(phone), "phone-otp", MobilePhone.mask(phone)));
        check(
                a,
                KycCheck.Kind.SETTLEMENT_CARD,
                KycCheck.Outcome.PASS,
                KycCheck.Detail.of(bin.bankEn() + " debit, Luhn valid", "settlement-card", bin.bankZh(), bin.bankEn()));
        check(
                a,
                KycCheck.Kind.DUPLICATES,
                KycCheck.Outcome.PASS,
                KycCheck.Detail.of(held + " earlier application(s) on this ID number", "duplicates", held));
        check(a, KycCheck.Kind.CREDIT_STANDING, standing.outcome(), standing.detail());
        List<String> barred = new ArrayList<>();
        List<String> barredKeys = new ArrayList<>();
        if (blocklist.existsByKindAndValueHash(BlocklistEntry.Kind.ID_NUMBER, idHash)) {
            barred.add("ID number");
            barredKeys.add("check.item.id-number");
        }
        if (blocklist.existsByKindAndValueHash(BlocklistEntry.Kind.PHONE, phones.hash(phone))) {
            barred.add("phone");
            barredKeys.add("check.item.phone");
        }
        if (blocklist.existsByKindAndValueHash(BlocklistEntry.Kind.CARD, personalData.cardHash(card))) {
            barred.add("settlement card");
            barredKeys.add("check.item.settlement-card");
        }
        check(
                a,
                KycCheck.Kind.BLOCKLIST,
                barred.isEmpty() ? KycCheck.Outcome.PASS : KycCheck.Outcome.FAIL,
                barred.isEmpty()
                        ? KycCheck.Detail.of("not on the blocklist", "blocklist-clear")
                        : KycCheck.Detail.of(
                                "on the blocklist: " + String.join(", ", barred),
                                "blocklist-hit",
                                "@" + String.join("+", barredKeys)));
        drafts.findById(applicant.subject()).ifPresent(drafts::delete);
        events.publishEvent(new ApplicationSubmitted(a, applicant.username(), now));
        return a;
    }

    private record CheckResult(KycCheck.Outcome outcome, KycCheck.Detail detail) {}

    private CheckResult creditStanding(String name, String id, String credit) {
        if (credit.isEmpty()) {
            return new CheckResult(KycCheck.Outcome.SKIPPED, KycCheck.Detail.of("no credit card given", "credit-none"));
        }
        try {
            IdentityVerifier.Verdict v = verifier.verify(new IdentityVerifier.Elements(name, id, credit, null));
            return switch (v.result()) {
                case CONSISTENT ->
                    new CheckResult(
                            KycCheck.Outcome.PASS,
                            KycCheck.Detail.of("credit card held in the applicant's name", "credit-held"));
                case INCONSISTENT ->
                    new CheckResult(
                            KycCheck.Outcome.FAIL,
                            KycCheck.Detail.of(
                                    "card holder differs in " + v.mismatched(),
                                    "credit-differs",
                                    String.valueOf(v.mismatched())));
                case NO_RECORD ->
                    new CheckResult(
                            KycCheck.Outcome.FAIL, KycCheck.Detail.of("the bank has no such card", "credit-no-record"));
            };
        } catch (IdentityVerifier.VerifierUnavailable e) {
            return new CheckResult(
                    KycCheck.Outcome.ERROR,
                    KycCheck.Detail.of("verification service unavailable; staff to check", "credit-unavailable"));
        }
    }

    private void check(Application a, KycCheck.Kind kind, KycCheck.Outcome outcome, KycCheck.Detail detail) {
        checks.save(new KycCheck(a.getId(), kind, outcome, detail, clock.instant()));
    }

    /** Saves the form as it is, valid or not, for later; one draft per account, encrypted. */
    @Transactional
    @PreAuthorize("hasRole('applicant')")
    public Instant saveDraft(ApplicationForm form, CurrentUser applicant) {
        String payload;
        try {
            payload = pii.encrypt(json.writeValueAsString(form));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Instant now = clock.instant();
        drafts.findById(applicant.subject())
                .ifPresentOrElse(
                        d -> d.replace(payload, now),
                        () -> drafts.save(new ApplicationDraft(applicant.subject(), payload, now)));
        return now;
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('applicant')")
    public Optional<ApplicationForm> draft(CurrentUser applicant) {
        return drafts.findById(applicant.subject()).map(d -> {
            try {
                return json.readValue(pii.decrypt(d.payloadEnc()), ApplicationForm.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("draft unreadable", e);
            }
        });
    }

    /** The applicant answers the staff's question; the application goes back to staff. */
    @Transactional
    @PreAuthorize("hasRole('applicant')")
    public Application answerInfo(long applicationId, String answer, CurrentUser applicant) {
        String text = ApplicationException.requireText(answer, 1000, "validation.answer");
        Application a = own(applicationId, applicant);
        Instant now = clock.instant();
        a.answerInfo(text, now);
        events.publishEvent(new InfoAnswered(a, applicant.username(), now));
        return a;
    }

    /**
     * The applicant takes their application back (only before approval). Personal data is erased at once; what the
     * per-ID limit needs stays, and the applicant is told by SMS and email one last time.
     */
    @Transactional
    @PreAuthorize("hasRole('applicant')")
    public Application withdraw(long applicationId, CurrentUser applicant) {
        Application a = own(applicationId, applicant);
        if (!a.getStatus().withdrawable()) {
            throw new ApplicationException("error.not-withdrawable");
        }
        Instant now = clock.instant();
        a.withdraw(now);
        events.publishEvent(new ApplicationWithdrawn(a, applicant.username(), now));
        personalData.erase(a);
        return a;
    }

    /** Someone else's application is refused as if it did not exist. */
    private Application own(long applicationId, CurrentUser applicant) {
        Application a = applications.require(applicationId);
        if (!a.getApplicantSubject().equals(applicant.subject())) {
            throw new ApplicationException("error.not-found");
        }
        return a;
    }
}
