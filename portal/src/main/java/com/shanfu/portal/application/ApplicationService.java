package com.shanfu.portal.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shanfu.portal.audit.Audit;
import com.shanfu.portal.notification.Outbox;
import com.shanfu.portal.privacy.Pii;
import com.shanfu.portal.risk.RiskRules;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.shipping.PackingSlip;
import com.shanfu.portal.security.KeycloakAccounts;
import com.shanfu.portal.tms.TmsClient;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.client.RestClientException;

/**
 * The applicant journey and the staff decisions on it. Every refusal is an {@link ApplicationException} with a
 * message key, thrown before anything is written. Each status change goes through {@link ApplicationJournal}, which
 * records it and notifies the applicant in the same transaction.
 */
@Service
public class ApplicationService {

    public static final int MAX_APPLICATIONS_PER_ID = 3;
    public static final String DEFAULT_MODEL = "SF-Q1";

    private final ApplicationRepository applications;
    private final ApplicationEventRepository events;
    private final ShipmentRepository shipments;
    private final KycCheckRepository checks;
    private final ApplicationDraftRepository drafts;
    private final ApplicationJournal journal;
    private final PhoneVerifications phones;
    private final IdentityVerifier verifier;
    private final Outbox outbox;
    private final Pii pii;
    private final ObjectMapper json;
    private final TmsClient tms;
    private final KeycloakAccounts accounts;
    private final RiskRules rules;
    private final Audit audit;
    private final ContactLogRepository contacts;
    private final FeePlanRepository feePlans;
    private final PackingSlip packingSlips;
    private final BlocklistRepository blocklist;
    private final int fourEyesScore;
    private final Clock clock;

    ApplicationService(ApplicationRepository applications, ApplicationEventRepository events, ShipmentRepository shipments,
                       KycCheckRepository checks, ApplicationDraftRepository drafts, ApplicationJournal journal,
                       PhoneVerifications phones, IdentityVerifier verifier, Outbox outbox, Pii pii, ObjectMapper json,
                       TmsClient tms, KeycloakAccounts accounts, RiskRules rules, Audit audit,
                       ContactLogRepository contacts, FeePlanRepository feePlans, PackingSlip packingSlips,
                       BlocklistRepository blocklist,
                       @Value("${shanfu.review.four-eyes-score:50}") int fourEyesScore, Clock clock) {
        this.rules = rules;
        this.audit = audit;
        this.contacts = contacts;
        this.feePlans = feePlans;
        this.packingSlips = packingSlips;
        this.blocklist = blocklist;
        this.fourEyesScore = fourEyesScore;
        this.applications = applications;
        this.events = events;
        this.shipments = shipments;
        this.checks = checks;
        this.drafts = drafts;
        this.journal = journal;
        this.phones = phones;
        this.verifier = verifier;
        this.outbox = outbox;
        this.pii = pii;
        this.json = json;
        this.tms = tms;
        this.accounts = accounts;
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
        long held = sameId.stream().filter(a -> a.getStatus() != ApplicationStatus.REJECTED).count();
        if (held >= MAX_APPLICATIONS_PER_ID) {
            throw new ApplicationException("error.too-many-applications", MAX_APPLICATIONS_PER_ID);
        }
        String card = BankCards.normalise(form.settlementCard());
        BankCards.Bin bin = BankCards.bin(card).orElseThrow();
        String phone = MobilePhone.normalise(form.phone());
        String credit = BankCards.normalise(form.creditCard());
        BankCards.Bin creditBin = credit.isEmpty() ? null : BankCards.bin(credit).orElseThrow();
        KycCheckDraft standing = creditStanding(form.legalName().trim(), id, credit);
        LocalDate birth = IdNumber.birthDate(id).orElseThrow();
        Application.Sealed sealed = new Application.Sealed(pii.encrypt(id), IdNumber.mask(id), idHash, birth,
                pii.encrypt(phone), MobilePhone.mask(phone), phones.hash(phone), pii.encrypt(card), BankCards.mask(card),
                bin.bankZh(),
                credit.isEmpty() ? null : BankCards.mask(credit), creditBin == null ? null : creditBin.bankZh());
        Instant now = clock.instant();
        Application a = applications.save(new Application(new Application.Applicant(applicant.subject(),
                applicant.username(), applicant.email(), "en".equals(locale.getLanguage()) ? "en" : "zh",
                rules.current().version()), form, sealed, now));
        check(a, KycCheck.Kind.ID_NUMBER, KycCheck.Outcome.PASS,
                "GB 11643 check digit; age " + Period.between(birth, today).getYears() + "; region " + id.substring(0, 6));
        check(a, KycCheck.Kind.PHONE_OTP, KycCheck.Outcome.PASS, "code confirmed for " + MobilePhone.mask(phone));
        check(a, KycCheck.Kind.SETTLEMENT_CARD, KycCheck.Outcome.PASS, bin.bankEn() + " debit, Luhn valid");
        check(a, KycCheck.Kind.DUPLICATES, KycCheck.Outcome.PASS, held + " earlier application(s) on this ID number");
        check(a, KycCheck.Kind.CREDIT_STANDING, standing.outcome(), standing.detail());
        List<String> barred = new ArrayList<>();
        if (blocklist.existsByKindAndValueHash(BlocklistEntry.Kind.ID_NUMBER, idHash)) {
            barred.add("ID number");
        }
        if (blocklist.existsByKindAndValueHash(BlocklistEntry.Kind.PHONE, phones.hash(phone))) {
            barred.add("phone");
        }
        if (blocklist.existsByKindAndValueHash(BlocklistEntry.Kind.CARD, cardHash(card))) {
            barred.add("settlement card");
        }
        check(a, KycCheck.Kind.BLOCKLIST, barred.isEmpty() ? KycCheck.Outcome.PASS : KycCheck.Outcome.FAIL,
                barred.isEmpty() ? "not on the blocklist" : "on the blocklist: " + String.join(", ", barred));
        drafts.findById(applicant.subject()).ifPresent(drafts::delete);
        journal.record(a, applicant.username(), null, now);
        return a;
    }

    private record KycCheckDraft(KycCheck.Outcome outcome, String detail) {
    }

    private KycCheckDraft creditStanding(String name, String id, String credit) {
        if (credit.isEmpty()) {
            return new KycCheckDraft(KycCheck.Outcome.SKIPPED, "no credit card given");
        }
        try {
            IdentityVerifier.Verdict v = verifier.verify(new IdentityVerifier.Elements(name, id, credit, null));
            return switch (v.result()) {
                case CONSISTENT -> new KycCheckDraft(KycCheck.Outcome.PASS, "credit card held in the applicant's name");
                case INCONSISTENT -> new KycCheckDraft(KycCheck.Outcome.FAIL, "card holder differs in " + v.mismatched());
                case NO_RECORD -> new KycCheckDraft(KycCheck.Outcome.FAIL, "the bank has no such card");
            };
        } catch (IdentityVerifier.VerifierUnavailable e) {
            return new KycCheckDraft(KycCheck.Outcome.ERROR, "verification service unavailable; staff to check");
        }
    }

    private void check(Application a, KycCheck.Kind kind, KycCheck.Outcome outcome, String detail) {
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
        drafts.findById(applicant.subject()).ifPresentOrElse(d -> d.replace(payload, now),
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

    /**
     * The applicant takes their application back (only before approval). Personal data is erased at once; what the
     * per-ID limit needs stays, and the applicant is told by SMS and email one last time.
     */
    @Transactional
    @PreAuthorize("hasRole('applicant')")
    public Application withdraw(long applicationId, CurrentUser applicant) {
        Application a = load(applicationId);
        if (!a.getApplicantSubject().equals(applicant.subject())) {
            throw new ApplicationException("error.not-found");
        }
        if (!a.getStatus().withdrawable()) {
            throw new ApplicationException("error.not-withdrawable");
        }
        Instant now = clock.instant();
        a.withdraw(now);
        journal.record(a, applicant.username(), null, now);
        a.erasePersonalData();
        outbox.eraseRecipients(a.getId());
        return a;
    }

    /** Everything the portal holds about the signed-in person, in clear, as JSON (the right to a copy). */
    @Transactional(readOnly = true)
    @PreAuthorize("isAuthenticated()")
    public byte[] export(CurrentUser user) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Application a : applications.findByApplicantSubjectOrderByCreatedAtDesc(user.subject())) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("application", a.getId());
            m.put("status", a.getStatus());
            m.put("submittedAt", a.getCreatedAt());
            m.put("legalName", a.getLegalName());
            m.put("idNumber", a.getIdNumberEnc() == null ? null : pii.decrypt(a.getIdNumberEnc()));
            m.put("phone", a.getPhoneEnc() == null ? null : pii.decrypt(a.getPhoneEnc()));
            m.put("email", a.getApplicantEmail());
            m.put("settlementCard", a.getSettlementCardEnc() == null ? null : pii.decrypt(a.getSettlementCardEnc()));
            m.put("settlementBank", a.getSettlementBank());
            m.put("creditCard", a.getCreditCardMasked());
            m.put("businessType", a.getMcc());
            m.put("businessAddress", a.getBusinessAddress());
            m.put("shippingAddress", a.getShippingAddress());
            m.put("city", a.getCity());
            m.put("preferredModel", a.getPreferredModel());
            m.put("rejectReason", a.getRejectReason());
            m.put("merchantId", a.getMerchantMid());
            m.put("history", events.findByApplicationIdOrderByAtAsc(a.getId()).stream()
                    .map(e -> Map.of("status", e.getStatus(), "at", e.getAt())).toList());
            m.put("checks", checks.findByApplicationIdOrderByAtAscIdAsc(a.getId()).stream()
                    .map(c -> Map.of("check", c.getKind(), "outcome", c.getOutcome(), "at", c.getAt())).toList());
            shipments.findFirstByApplicationIdOrderByIdDesc(a.getId()).ifPresent(s -> m.put("shipment", Map.of("serial", s.getSerial(),
                    "courier", String.valueOf(s.getCourier()), "trackingNumber", String.valueOf(s.getTrackingNumber()))));
            m.put("messages", outbox.forApplication(a.getId()).stream().map(o -> Map.of("channel", o.getChannel(),
                    "text", o.getBody(), "at", o.getCreatedAt())).toList());
            out.add(m);
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(Map.of("subject", user.subject(),
                    "username", user.username(), "exportedAt", clock.instant(), "applications", out));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The user's applications, newest first. A shipped application whose device the TMS now reports active becomes
     * ACTIVATED here (the TMS is the record of device state; the portal follows it when asked).
     */
    @Transactional
    public List<Application> mine(CurrentUser user) {
        List<Application> mine = applications.findByApplicantSubjectOrderByCreatedAtDesc(user.subject());
        for (Application a : mine) {
            if (a.getStatus() == ApplicationStatus.SHIPPED || a.getStatus() == ApplicationStatus.DELIVERED) {
                shipments.findFirstByApplicationIdOrderByIdDesc(a.getId()).ifPresent(s -> followActivation(a, s));
            }
        }
        return mine;
    }

    private void followActivation(Application a, Shipment s) {
        try {
            TmsClient.Device d = tms.device(s.getSerial());
            if ("ACTIVE".equals(d.status())) {
                Instant now = clock.instant();
                if (a.getStatus() == ApplicationStatus.SHIPPED) {
                    deliver(a, s, "tms", now); // a device cannot be activated before it arrived
                }
                a.moveTo(ApplicationStatus.ACTIVATED, now);
                journal.record(a, "tms", d.tid(), now);
            }
        } catch (RestClientException e) {
            // the TMS is unreachable: the page shows the last known state and asks again next time
        }
    }

    /** How to reach a merchant: the applicant's verified phone and email, language, and the shop's device. */
    public record MerchantContact(long applicationId, String mid, String legalName, String phone, String phoneMasked,
                                  String email, String language, String serial, String model, String tid,
                                  String feePlan) {
    }

    @Transactional(readOnly = true)
    public Optional<MerchantContact> merchantContact(String mid) {
        return applications.findFirstByMerchantMid(mid).map(a -> {
            Optional<Shipment> s = shipments.findFirstByApplicationIdOrderByIdDesc(a.getId());
            return new MerchantContact(a.getId(), mid, a.getLegalName(),
                    a.getPhoneEnc() == null ? null : pii.decrypt(a.getPhoneEnc()), a.getPhoneMasked(), a.getApplicantEmail(),
                    a.getLanguage(), s.map(Shipment::getSerial).orElse(null), s.map(Shipment::getModel).orElse(null),
                    s.map(Shipment::getTid).orElse(null), a.getFeePlan());
        });
    }

    /**
     * A new activation code for the merchant's device, sent by SMS to the verified phone. At most one per minute; the
     * earlier code stops working. Only while the device waits for activation.
     */
    @Transactional
    @PreAuthorize("hasRole('merchant')")
    public Instant resendActivationCode(CurrentUser user) {
        Application a = merchantApplication(user).orElseThrow(() -> new ApplicationException("merchant.activation.none"));
        Shipment s = shipments.findFirstByApplicationIdOrderByIdDesc(a.getId())
                .orElseThrow(() -> new ApplicationException("merchant.activation.none"));
        return newActivationCode(a, s, user, "ACTIVATION_CODE_RESENT").getActivationExpiresAt();
    }

    /**
     * Staff issue a new activation code for the device of a shipped application, to print its packing slip again: the
     * code is shown once to them and sent by SMS to the applicant; the earlier one stops working.
     */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public Shipment reissueActivationCode(long applicationId, CurrentUser staff) {
        Application a = load(applicationId);
        Shipment s = shipments.findFirstByApplicationIdOrderByIdDesc(applicationId)
                .orElseThrow(() -> new ApplicationException("error.not-shipped"));
        return newActivationCode(a, s, staff, "ACTIVATION_CODE_REISSUED");
    }

    private Shipment newActivationCode(Application a, Shipment s, CurrentUser user, String action) {
        Instant now = clock.instant();
        if (s.getCodeIssuedAt() != null && s.getCodeIssuedAt().isAfter(now.minusSeconds(60))) {
            throw new ApplicationException("merchant.activation.too-soon");
        }
        TmsClient.Shipment next;
        try {
            next = tms.reissueActivationCode(s.getSerial());
        } catch (TmsClient.Refused e) {
            throw new ApplicationException("merchant.activation.not-waiting");
        } catch (RestClientException e) {
            throw new ApplicationException("error.backend-unavailable");
        }
        s.newActivationCode(Shipment.IssuedCode.of(s.getSerial(), next.activationCode(), pii), next.activationExpiresAt(), now);
        smsActivationCode(a, "sms.activation-code-new", s.getSerial(), next.activationCode(), next.activationExpiresAt());
        audit.record(user.username(), action, "application", a.getId(), null, s.getSerial());
        return s;
    }

    /** The code goes to the applicant's verified phone; the outbox keeps it only until it has left. */
    private void smsActivationCode(Application a, String key, String serial, String code, Instant expires) {
        if (a.getPhoneEnc() == null) {
            return;
        }
        String until = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .withZone(java.time.ZoneId.of("Asia/Shanghai")).format(expires);
        outbox.smsWithCode(a.getId(), pii.decrypt(a.getPhoneEnc()), a.getPhoneMasked(),
                journal.text(key, a, serial, code, until), code);
    }

    /** The device the merchant was sent most recently, if any. */
    @Transactional(readOnly = true)
    public Optional<Shipment> currentShipment(Application a) {
        return shipments.findFirstByApplicationIdOrderByIdDesc(a.getId());
    }

    /** The application of a signed-in merchant that made them a merchant, if any. */
    @Transactional
    public Optional<Application> merchantApplication(CurrentUser user) {
        return mine(user).stream().filter(a -> a.getMerchantMid() != null).findFirst();
    }

    @Transactional(readOnly = true)
    public List<ApplicationEvent> history(Application a) {
        return events.findByApplicationIdOrderByAtAsc(a.getId());
    }

    @Transactional(readOnly = true)
    public List<KycCheck> checks(Application a) {
        return checks.findByApplicationIdOrderByAtAscIdAsc(a.getId());
    }

    @Transactional(readOnly = true)
    public Optional<Shipment> shipment(Application a) {
        return shipments.findFirstByApplicationIdOrderByIdDesc(a.getId());
    }

    /** The review queue's filters; null means "any". Ages are in whole years on today's date. */
    public record ReviewQuery(ApplicationStatus status, Integer minAge, Integer maxAge, String province, Integer minScore) {

        public static ReviewQuery all() {
            return new ReviewQuery(null, null, null, null, null);
        }
    }

    /** The review queue, paged and sorted in the database (indexes on status, birth date, region, score, time). */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('staff')")
    public Page<Application> queue(ReviewQuery q, Pageable page) {
        return applications.findAll(ReviewQueries.matching(q, LocalDate.now(clock)), page);
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('staff')")
    public long queueSize(ReviewQuery q) {
        return applications.count(ReviewQueries.matching(q, LocalDate.now(clock)));
    }

    /** What an approval did: approved, or recorded as the first of two (four-eyes). */
    public enum Approval { APPROVED, FIRST_OF_TWO }

    /**
     * Approves after the staff call with a fee plan. An application whose risk score is above the four-eyes score
     * needs two different staff members: the first approval is recorded, the second one approves. Approving calls
     * the TMS (merchant, idempotent on the application) and Keycloak (merchant role); a failure of either changes
     * nothing here, and approving again is safe.
     */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public Approval approve(long applicationId, String feePlan, CurrentUser staff) {
        Application a = load(applicationId);
        if (a.getStatus() != ApplicationStatus.AWAITING_CALL) {
            throw new ApplicationException("error.illegal-transition", a.getStatus().name(), ApplicationStatus.APPROVED.name());
        }
        FeePlan plan = feePlans.findById(feePlan == null ? FeePlan.forMcc(a.getMcc()) : feePlan).filter(FeePlan::isActive)
                .orElseThrow(() -> new ApplicationException("error.fee-plan-unknown"));
        Map<String, Object> before = snapshot(a);
        if (needsTwoApprovals(a)) {
            if (a.getFirstApprover() == null) {
                a.firstApproval(staff.username(), clock.instant());
                audit.record(staff.username(), "APPROVAL_FIRST", "application", a.getId(), before, snapshot(a));
                return Approval.FIRST_OF_TWO;
            }
            if (a.getFirstApprover().equals(staff.username())) {
                throw new ApplicationException("error.four-eyes-same-person");
            }
        }
        grantMerchant(a, plan.getCode(), staff.username());
        audit.record(staff.username(), "APPROVED", "application", a.getId(), before, snapshot(a));
        return Approval.APPROVED;
    }

    public boolean needsTwoApprovals(Application a) {
        return a.getRiskScore() != null && a.getRiskScore() > fourEyesScore;
    }

    public int fourEyesScore() {
        return fourEyesScore;
    }

    private void grantMerchant(Application a, String plan, String actor) {
        try {
            FeePlan fees = feePlans.findById(plan).orElseThrow();
            String card = a.getSettlementCardMasked() == null ? null : a.getSettlementCardMasked().replace(" ", "");
            TmsClient.Merchant m = tms.registerMerchant("application-" + a.getId(), a.getLegalName(), a.getCity(), a.getMcc(),
                    fees.rates().terms(fees.getCode(), "T1", card));
            accounts.grantRealmRole(a.getApplicantSubject(), "merchant");
            a.approve(m.mid(), plan, clock.instant());
        } catch (RestClientException | KeycloakAccounts.Unavailable e) {
            throw new ApplicationException("error.backend-unavailable");
        }
        journal.record(a, actor, a.getMerchantMid(), clock.instant());
    }

    /** The risk rules approved it: the same as a staff approval, by the system, with the plan for its business. */
    @Transactional
    void approveAutomatically(Application a) {
        Map<String, Object> before = snapshot(a);
        grantMerchant(a, FeePlan.forMcc(a.getMcc()), "system");
        audit.record("system", "APPROVED_BY_RULES", "application", a.getId(), before, snapshot(a));
    }

    /** Staff need something from the applicant; the question appears as a task on their status page. */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public Application requestInfo(long applicationId, String question, CurrentUser staff) {
        requireText(question, 500, "validation.question");
        Application a = load(applicationId);
        Map<String, Object> before = snapshot(a);
        a.requestInfo(question.strip(), clock.instant());
        journal.record(a, staff.username(), question.strip(), clock.instant());
        audit.record(staff.username(), "INFO_REQUESTED", "application", a.getId(), before, snapshot(a));
        return a;
    }

    /** The applicant answers the staff's question; the application goes back to staff. */
    @Transactional
    @PreAuthorize("hasRole('applicant')")
    public Application answerInfo(long applicationId, String answer, CurrentUser applicant) {
        requireText(answer, 1000, "validation.answer");
        Application a = load(applicationId);
        if (!a.getApplicantSubject().equals(applicant.subject())) {
            throw new ApplicationException("error.not-found");
        }
        a.answerInfo(answer.strip(), clock.instant());
        journal.record(a, applicant.username(), null, clock.instant());
        return a;
    }

    /** A call to the applicant, with its outcome and notes and, when made, the model staff recommend. */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public ContactLog recordContact(long applicationId, ContactLog.Outcome outcome, String notes, String model,
                                    CurrentUser staff) {
        if (outcome == null) {
            throw new ApplicationException("validation.contact-outcome");
        }
        if (notes != null && notes.strip().length() > 1000) {
            throw new ApplicationException("validation.notes");
        }
        if (model != null && !model.isBlank() && !ApplicationForm.MODELS.contains(model)) {
            throw new ApplicationException("validation.model.unknown");
        }
        Application a = load(applicationId);
        String recommended = model == null || model.isBlank() ? null : model;
        ContactLog c = contacts.save(new ContactLog(a.getId(), staff.username(), clock.instant(), outcome,
                notes == null ? null : notes.strip(), recommended));
        if (recommended != null) {
            a.recommend(recommended);
        }
        audit.record(staff.username(), "CONTACT_LOGGED", "application", a.getId(), null,
                Map.of("outcome", outcome, "notes", notes == null ? "" : notes.strip(), "model", String.valueOf(recommended)));
        return c;
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('staff')")
    public List<ContactLog> contacts(long applicationId) {
        return contacts.findByApplicationIdOrderByAtDesc(applicationId);
    }

    private String cardHash(String card) {
        return pii.hash("card:" + card);
    }

    /**
     * Bars this application's ID number, phone and settlement card from future applications (fraud, abuse); the
     * application itself is decided as usual. Audited.
     */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public void blocklist(long applicationId, String reason, CurrentUser staff) {
        requireText(reason, 200, "validation.reason");
        Application a = load(applicationId);
        if (a.getIdNumberEnc() == null) {
            throw new ApplicationException("error.erased");
        }
        Instant now = clock.instant();
        Map<BlocklistEntry.Kind, String> hashes = Map.of(BlocklistEntry.Kind.ID_NUMBER, a.getIdNumberHash(),
                BlocklistEntry.Kind.PHONE, phones.hash(pii.decrypt(a.getPhoneEnc())),
                BlocklistEntry.Kind.CARD, cardHash(pii.decrypt(a.getSettlementCardEnc())));
        hashes.forEach((kind, hash) -> {
            if (!blocklist.existsByKindAndValueHash(kind, hash)) {
                blocklist.save(new BlocklistEntry(kind, hash, reason.strip(), staff.username(), now));
            }
        });
        audit.record(staff.username(), "BLOCKLISTED", "application", a.getId(), null,
                Map.of("reason", reason.strip(), "idNumber", a.getIdNumberMasked(), "phone", a.getPhoneMasked(),
                        "card", a.getSettlementCardMasked()));
    }

    /** The blocklist, newest first; entries show the kind and reason only (the values are hashes). */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('admin')")
    public List<BlocklistEntry> blocklist() {
        return blocklist.findAllByOrderByIdDesc();
    }

    /** Lifts an entry (a mistake, a cleared case), with the reason; audited with what it was. */
    @Transactional
    @PreAuthorize("hasRole('admin')")
    public void unblock(long entryId, String reason, CurrentUser admin) {
        requireText(reason, 200, "validation.unblock-reason");
        BlocklistEntry e = blocklist.findById(entryId).orElseThrow(() -> new ApplicationException("error.not-found"));
        blocklist.delete(e);
        audit.record(admin.username(), "UNBLOCKED", "blocklist", entryId,
                Map.of("kind", e.getKind(), "reason", e.getReason(), "addedBy", e.getAddedBy()), Map.of("reason", reason.strip()));
    }

    /** The personal numbers in clear, for a staff member who must read them; every reveal is audited. */
    public record Revealed(String idNumber, String phone, String settlementCard) {
    }

    /** A staff member takes an open case to work it (from another staff member too: audited with both names). */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public Application takeCase(long applicationId, CurrentUser staff) {
        Application a = load(applicationId);
        if (!a.getStatus().open()) {
            throw new ApplicationException("error.case-closed");
        }
        if (!staff.username().equals(a.getAssignedTo())) {
            Map<String, Object> before = a.getAssignedTo() == null ? null : Map.of("assignedTo", a.getAssignedTo());
            a.assignTo(staff.username(), clock.instant());
            audit.record(staff.username(), "CASE_TAKEN", "application", a.getId(), before,
                    Map.of("assignedTo", staff.username()));
        }
        return a;
    }

    /**
     * The personal numbers in clear, for the staff member working this open case and for a stated reason (recorded
     * with the reveal in the audit log). Anyone else, a closed case or a missing reason is refused.
     */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public Revealed reveal(long applicationId, String reason, CurrentUser staff) {
        if (reason == null || reason.strip().length() < 4 || reason.strip().length() > 200) {
            throw new ApplicationException("validation.reveal-reason");
        }
        Application a = load(applicationId);
        if (a.getIdNumberEnc() == null) {
            throw new ApplicationException("error.erased");
        }
        if (!a.getStatus().open()) {
            throw new ApplicationException("error.case-closed");
        }
        if (!staff.username().equals(a.getAssignedTo())) {
            throw new ApplicationException("error.reveal-not-your-case",
                    a.getAssignedTo() == null ? "—" : a.getAssignedTo());
        }
        audit.record(staff.username(), "PII_REVEALED", "application", a.getId(), null,
                Map.of("fields", List.of("idNumber", "phone", "settlementCard"), "reason", reason.strip()));
        return new Revealed(pii.decrypt(a.getIdNumberEnc()), pii.decrypt(a.getPhoneEnc()), pii.decrypt(a.getSettlementCardEnc()));
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('staff')")
    public Application caseOf(long applicationId) {
        return load(applicationId);
    }

    @Transactional(readOnly = true)
    public List<FeePlan> feePlans() {
        return feePlans.findByActiveTrueOrderByCode();
    }

    @Transactional(readOnly = true)
    public Optional<FeePlan> feePlan(Application a) {
        return a.getFeePlan() == null ? Optional.empty() : feePlans.findById(a.getFeePlan());
    }

    /** What the audit log keeps of an application: its state and decisions, personal numbers only masked. */
    static Map<String, Object> snapshot(Application a) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("status", a.getStatus());
        m.put("idNumber", a.getIdNumberMasked());
        m.put("riskScore", a.getRiskScore());
        m.put("ruleVersion", a.getRuleVersion());
        m.put("firstApprover", a.getFirstApprover());
        m.put("mid", a.getMerchantMid());
        m.put("feePlan", a.getFeePlan());
        m.put("rejectReason", a.getRejectReason());
        m.put("infoRequest", a.getInfoRequest());
        m.put("recommendedModel", a.getRecommendedModel());
        return m;
    }

    @Transactional
    @PreAuthorize("hasRole('staff')")
    public Application reject(long applicationId, String reason, CurrentUser staff) {
        requireText(reason, Application.REASON_MAX, "validation.reason");
        Application a = load(applicationId);
        Map<String, Object> before = snapshot(a);
        a.reject(reason.trim(), clock.instant());
        journal.record(a, staff.username(), reason.trim(), clock.instant());
        audit.record(staff.username(), "REJECTED", "application", a.getId(), before, snapshot(a));
        return a;
    }

    /**
     * Ships a device with a courier: the TMS takes one from stock, allocates the TID and issues the one-time
     * activation code; the applicant gets the courier and tracking number.
     */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public Shipment ship(long applicationId, String model, String serial, String courier, String trackingNumber,
                         CurrentUser staff) {
        Couriers.problem(courier, trackingNumber).ifPresent(k -> {
            throw new ApplicationException(k);
        });
        Application a = load(applicationId);
        if (a.getStatus() != ApplicationStatus.APPROVED) {
            throw new ApplicationException("error.illegal-transition", a.getStatus().name(), ApplicationStatus.SHIPPED.name());
        }
        String chosen = model != null ? model : a.getRecommendedModel() != null ? a.getRecommendedModel()
                : a.getPreferredModel() != null ? a.getPreferredModel() : DEFAULT_MODEL;
        TmsClient.Shipment s;
        try {
            s = tms.ship("application-" + a.getId(), a.getMerchantMid(), chosen, serial == null || serial.isBlank() ? null : serial);
        } catch (RestClientException e) {
            throw new ApplicationException("error.shipping-failed");
        }
        Instant now = clock.instant();
        String tracking = trackingNumber.strip().toUpperCase();
        a.moveTo(ApplicationStatus.SHIPPED, now);
        Shipment shipment = shipments.save(new Shipment(a.getId(), s.serial(), s.model(), s.tid(),
                Shipment.IssuedCode.of(s.serial(), s.activationCode(), pii), s.activationExpiresAt(), courier, tracking,
                staff.username(), now));
        journal.record(a, staff.username(), courier + " " + tracking, now);
        smsActivationCode(a, "sms.activation-code", s.serial(), s.activationCode(), s.activationExpiresAt());
        audit.record(staff.username(), "SHIPPED", "application", a.getId(), Map.of("status", ApplicationStatus.APPROVED),
                Map.of("status", a.getStatus(), "serial", s.serial(), "model", s.model(), "courier", courier,
                        "trackingNumber", tracking));
        return shipment;
    }

    /**
     * The packing slip PDF of a shipped application. It holds the activation code, which the portal does not keep: the
     * caller passes the code it was just shown (once), and it must be the code in force. Printing it is audited.
     */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public byte[] packingSlip(long applicationId, String activationCode, CurrentUser staff) {
        Application a = load(applicationId);
        Shipment s = shipments.findFirstByApplicationIdOrderByIdDesc(applicationId).orElseThrow(() -> new ApplicationException("error.not-shipped"));
        if (!s.isActivationCode(activationCode, pii)) {
            throw new ApplicationException("error.slip-needs-code");
        }
        audit.record(staff.username(), "PACKING_SLIP_PRINTED", "application", a.getId(), null, Map.of("serial", s.getSerial()));
        return packingSlips.render(new PackingSlip.Contents(a.getId(), a.getLegalName(),
                a.getPhoneMasked() == null ? "" : a.getPhoneMasked(), a.getShippingAddress(), s.getSerial(), s.getModel(),
                s.getTid(), a.getMerchantMid(), activationCode.strip(), s.getActivationExpiresAt(), s.getCourier(),
                s.getTrackingNumber()));
    }

    /**
     * Swaps the device of a shipped, delivered or activated application (broken, lost): the TMS retires the old one
     * with its keys and ships a replacement to the same merchant with a new activation code; the applicant is told.
     */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public Shipment replaceDevice(long applicationId, String reason, String courier, String trackingNumber,
                                  CurrentUser staff) {
        requireText(reason, 200, "validation.replace-reason");
        Couriers.problem(courier, trackingNumber).ifPresent(k -> {
            throw new ApplicationException(k);
        });
        Application a = load(applicationId);
        Shipment old = shipments.findFirstByApplicationIdOrderByIdDesc(applicationId)
                .orElseThrow(() -> new ApplicationException("error.not-shipped"));
        if (!List.of(ApplicationStatus.SHIPPED, ApplicationStatus.DELIVERED, ApplicationStatus.ACTIVATED).contains(a.getStatus())) {
            throw new ApplicationException("error.not-shipped");
        }
        TmsClient.Replacement r;
        try {
            r = tms.replace(old.getSerial(), reason.strip());
        } catch (TmsClient.Refused e) {
            throw new ApplicationException("error.replace-refused", e.getMessage());
        } catch (RestClientException e) {
            throw new ApplicationException("error.backend-unavailable");
        }
        Instant now = clock.instant();
        String tracking = trackingNumber.strip().toUpperCase();
        old.replaced(reason.strip(), now);
        Shipment next = shipments.save(new Shipment(a.getId(), r.serial(), r.model(), r.tid(),
                Shipment.IssuedCode.of(r.serial(), r.activationCode(), pii), r.activationExpiresAt(), courier, tracking,
                staff.username(), now));
        smsActivationCode(a, "sms.activation-code", r.serial(), r.activationCode(), r.activationExpiresAt());
        journal.record(a, staff.username(), "replacement " + r.serial() + " for " + old.getSerial() + ", " + courier + " " + tracking, now);
        audit.record(staff.username(), "DEVICE_REPLACED", "application", a.getId(), Map.of("serial", old.getSerial()),
                Map.of("serial", r.serial(), "reason", reason.strip(), "courier", courier, "trackingNumber", tracking));
        return next;
    }

    /** The courier confirmed delivery. */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public Application delivered(long applicationId, CurrentUser staff) {
        Application a = load(applicationId);
        Shipment s = shipments.findFirstByApplicationIdOrderByIdDesc(applicationId)
                .orElseThrow(() -> new ApplicationException("error.illegal-transition", a.getStatus().name(),
                        ApplicationStatus.DELIVERED.name()));
        deliver(a, s, staff.username(), clock.instant());
        audit.record(staff.username(), "DELIVERED", "application", a.getId(), Map.of("status", ApplicationStatus.SHIPPED),
                Map.of("status", a.getStatus(), "serial", s.getSerial()));
        return a;
    }

    private void deliver(Application a, Shipment s, String actor, Instant at) {
        a.moveTo(ApplicationStatus.DELIVERED, at);
        s.delivered(at);
        journal.record(a, actor, null, at);
    }

    /** Free text a decision needs (a reason, a question, an answer): present and not longer than {@code max}. */
    private static void requireText(String text, int max, String messageKey) {
        if (text == null || text.isBlank() || text.strip().length() > max) {
            throw new ApplicationException(messageKey);
        }
    }

    private Application load(long id) {
        return applications.findById(id).orElseThrow(() -> new ApplicationException("error.not-found"));
    }
}
