package com.shanfu.portal.application;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;

// Longer than 300 lines: the onboarding aggregate as a JPA entity: its state, its rules (transitions, four-eyes,
// allowed actions) and its getters.
/** An individual's application for a personal POS terminal. */
@Entity
@Table(name = "application")
public class Application {

    public static final int NAME_MAX = 50;
    public static final int ADDRESS_MAX = 200;
    public static final int CITY_MAX = 50;
    public static final int REASON_MAX = 200;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "applicant_subject", nullable = false)
    private String applicantSubject;

    @Column(name = "applicant_username", nullable = false)
    private String applicantUsername;

    @Column(name = "applicant_email")
    private String applicantEmail;

    @Column(nullable = false)
    private String language;

    @Column(name = "legal_name", length = NAME_MAX)
    private String legalName;

    @Column(name = "id_number_enc")
    private String idNumberEnc;

    @Column(name = "id_number_masked")
    private String idNumberMasked;

    @Column(name = "id_number_hash", nullable = false)
    private String idNumberHash;

    @Column(name = "birth_date")
    private LocalDate birthDate;

    @Column(name = "region_code", nullable = false)
    private String regionCode;

    @Column(name = "phone_enc")
    private String phoneEnc;

    @Column(name = "phone_masked")
    private String phoneMasked;

    @Column(name = "settlement_card_enc")
    private String settlementCardEnc;

    @Column(name = "settlement_card_masked")
    private String settlementCardMasked;

    @Column(name = "settlement_bank")
    private String settlementBank;

    @Column(nullable = false)
    private String mcc;

    @Column(name = "credit_card_masked")
    private String creditCardMasked;

    @Column(name = "credit_card_bank")
    private String creditCardBank;

    @Column(name = "business_address", length = ADDRESS_MAX)
    private String businessAddress;

    @Column(name = "shipping_address", length = ADDRESS_MAX)
    private String shippingAddress;

    @Column(length = CITY_MAX)
    private String city;

    @Column(name = "preferred_model")
    private String preferredModel;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ApplicationStatus status;

    @Column(name = "reject_reason", length = REASON_MAX)
    private String rejectReason;

    @Column(name = "merchant_mid")
    private String merchantMid;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "withdrawn_at")
    private Instant withdrawnAt;

    @Column(name = "phone_hash")
    private String phoneHash;

    @Column(name = "rule_version")
    private Integer ruleVersion;

    @Column(name = "risk_score")
    private Integer riskScore;

    @Column(name = "risk_decision")
    private String riskDecision;

    @Column(name = "risk_rules")
    private String riskRules;

    @Column(name = "first_approver")
    private String firstApprover;

    @Column(name = "first_approved_at")
    private Instant firstApprovedAt;

    @Column(name = "recommended_model")
    private String recommendedModel;

    @Column(name = "fee_plan")
    private String feePlan;

    @Column(name = "info_request")
    private String infoRequest;

    @Column(name = "info_response")
    private String infoResponse;

    @Column(name = "assigned_to")
    private String assignedTo;

    @Column(name = "assigned_at")
    private Instant assignedAt;

    @Version
    private long version;

    protected Application() {}

    /** A submitted application; personal numbers arrive already encrypted, masked and hashed by the service. */
    Application(Applicant who, ApplicationForm form, Sealed sealed, Instant now) {
        this.applicantSubject = who.subject();
        this.applicantUsername = who.username();
        this.applicantEmail = who.email();
        this.language = who.language();
        this.legalName = form.legalName().trim();
        this.idNumberEnc = sealed.idNumberEnc();
        this.idNumberMasked = sealed.idNumberMasked();
        this.idNumberHash = sealed.idNumberHash();
        this.birthDate = sealed.birthDate();
        this.regionCode = sealed.idNumberMasked().substring(0, 3);
        this.phoneEnc = sealed.phoneEnc();
        this.phoneMasked = sealed.phoneMasked();
        this.settlementCardEnc = sealed.cardEnc();
        this.settlementCardMasked = sealed.cardMasked();
        this.settlementBank = sealed.bank();
        this.mcc = form.mcc();
        this.creditCardMasked = sealed.creditCardMasked();
        this.creditCardBank = sealed.creditCardBank();
        this.businessAddress = form.businessAddress().trim();
        this.shippingAddress = form.shippingAddress().trim();
        this.city = form.city().trim();
        this.preferredModel =
                form.preferredModel() == null || form.preferredModel().isBlank() ? null : form.preferredModel();
        this.phoneHash = sealed.phoneHash();
        this.ruleVersion = who.ruleVersion();
        this.status = ApplicationStatus.SUBMITTED;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Who applies, as the service learns it from the sign-in. */
    record Applicant(String subject, String username, String email, String language, int ruleVersion) {}

    /** The personal numbers as stored: ciphertext, masked copy, keyed hash. */
    record Sealed(
            String idNumberEnc,
            String idNumberMasked,
            String idNumberHash,
            LocalDate birthDate,
            String phoneEnc,
            String phoneMasked,
            String phoneHash,
            String cardEnc,
            String cardMasked,
            String bank,
            String creditCardMasked,
            String creditCardBank) {}

    void moveTo(ApplicationStatus next, Instant at) {
        if (!status.mayMoveTo(next)) {
            throw new ApplicationException("error.illegal-transition", status.name(), next.name());
        }
        this.status = next;
        this.updatedAt = at;
    }

    void reject(String reason, Instant at) {
        moveTo(ApplicationStatus.REJECTED, at);
        this.rejectReason = reason;
    }

    void approve(String mid, String plan, Instant at) {
        moveTo(ApplicationStatus.APPROVED, at);
        this.merchantMid = mid;
        this.feePlan = plan;
    }

    /** An application whose risk score is above {@code fourEyesScore} needs two different staff members to approve. */
    public boolean needsTwoApprovals(int fourEyesScore) {
        return riskScore != null && riskScore > fourEyesScore;
    }

    /**
     * The four-eyes rule, in one place: whether this approval by {@code staff} may approve the application now.
     * Above the score the first approval is only recorded (false); the second must come from someone else.
     */
    boolean approvalCompletes(String staff, int fourEyesScore, Instant at) {
        if (!needsTwoApprovals(fourEyesScore)) {
            return true;
        }
        if (firstApprover == null) {
            this.firstApprover = staff;
            this.firstApprovedAt = at;
            this.updatedAt = at;
            return false;
        }
        if (firstApprover.equals(staff)) {
            throw new ApplicationException("error.four-eyes-same-person");
        }
        return true;
    }

    /** What staff may do with this application now; the case page offers exactly these and the services allow them. */
    public java.util.Set<CaseAction> allowedActions() {
        java.util.EnumSet<CaseAction> allowed = java.util.EnumSet.noneOf(CaseAction.class);
        if (status.open()) {
            allowed.add(CaseAction.TAKE_CASE);
            if (idNumberEnc != null) {
                allowed.add(CaseAction.REVEAL);
            }
        }
        switch (status) {
            case AWAITING_CALL ->
                allowed.addAll(java.util.List.of(
                        CaseAction.APPROVE, CaseAction.REQUEST_INFO, CaseAction.REJECT, CaseAction.BLOCKLIST));
            case VERIFYING, INFO_REQUESTED ->
                allowed.addAll(java.util.List.of(CaseAction.REJECT, CaseAction.BLOCKLIST));
            case APPROVED -> allowed.add(CaseAction.SHIP);
            case SHIPPED ->
                allowed.addAll(
                        java.util.List.of(CaseAction.DELIVER, CaseAction.REPLACE_DEVICE, CaseAction.REISSUE_CODE));
            case DELIVERED -> allowed.addAll(java.util.List.of(CaseAction.REPLACE_DEVICE, CaseAction.REISSUE_CODE));
            case ACTIVATED -> allowed.add(CaseAction.REPLACE_DEVICE);
            default -> {}
        }
        return allowed;
    }

    /** Whether staff may do {@code action} now; a service refuses with the same answer the page shows. */
    public boolean allows(CaseAction action) {
        return allowedActions().contains(action);
    }

    /** What the audit log keeps of an application: its state and decisions, personal numbers only masked. */
    java.util.Map<String, Object> auditSnapshot() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("status", status);
        m.put("idNumber", idNumberMasked);
        m.put("riskScore", riskScore);
        m.put("ruleVersion", ruleVersion);
        m.put("firstApprover", firstApprover);
        m.put("mid", merchantMid);
        m.put("feePlan", feePlan);
        m.put("rejectReason", rejectReason);
        m.put("infoRequest", infoRequest);
        m.put("recommendedModel", recommendedModel);
        return m;
    }

    void judged(int score, String decision, String matchedRules) {
        this.riskScore = score;
        this.riskDecision = decision;
        this.riskRules = matchedRules.length() > 500 ? matchedRules.substring(0, 500) : matchedRules;
    }

    void recommend(String model) {
        this.recommendedModel = model;
    }

    void requestInfo(String question, Instant at) {
        moveTo(ApplicationStatus.INFO_REQUESTED, at);
        this.infoRequest = question;
        this.infoResponse = null;
    }

    void answerInfo(String answer, Instant at) {
        moveTo(ApplicationStatus.AWAITING_CALL, at);
        this.infoResponse = answer;
    }

    /**
     * Withdrawal, then {@link #erasePersonalData}: the keyed hash of the ID number and the region stay, because the per-ID
     * limit and fraud prevention need them (and the law allows keeping them for that).
     */
    void withdraw(Instant at) {
        moveTo(ApplicationStatus.WITHDRAWN, at);
        this.withdrawnAt = at;
    }

    /** After the last notification was written: only what the rules need stays. */
    void erasePersonalData() {
        if (status != ApplicationStatus.WITHDRAWN) {
            throw new IllegalStateException("only a withdrawn application is erased");
        }
        this.applicantEmail = null;
        this.legalName = null;
        this.idNumberEnc = null;
        this.idNumberMasked = null;
        this.birthDate = null;
        this.phoneEnc = null;
        this.phoneMasked = null;
        this.phoneHash = null;
        this.settlementCardEnc = null;
        this.settlementCardMasked = null;
        this.settlementBank = null;
        this.creditCardMasked = null;
        this.creditCardBank = null;
        this.businessAddress = null;
        this.shippingAddress = null;
        this.city = null;
    }

    public Long getId() {
        return id;
    }

    public String getApplicantSubject() {
        return applicantSubject;
    }

    public String getApplicantUsername() {
        return applicantUsername;
    }

    public String getLegalName() {
        return legalName;
    }

    public String getIdNumberMasked() {
        return idNumberMasked;
    }

    String getIdNumberHash() {
        return idNumberHash;
    }

    public LocalDate getBirthDate() {
        return birthDate;
    }

    public String getPhoneMasked() {
        return phoneMasked;
    }

    String getPhoneEnc() {
        return phoneEnc;
    }

    String getIdNumberEnc() {
        return idNumberEnc;
    }

    String getSettlementCardEnc() {
        return settlementCardEnc;
    }

    public String getApplicantEmail() {
        return applicantEmail;
    }

    public String getLanguage() {
        return language;
    }

    public String getMcc() {
        return mcc;
    }

    public String getCreditCardMasked() {
        return creditCardMasked;
    }

    public String getCreditCardBank() {
        return creditCardBank;
    }

    public String getBusinessAddress() {
        return businessAddress;
    }

    public String getPreferredModel() {
        return preferredModel;
    }

    public Instant getWithdrawnAt() {
        return withdrawnAt;
    }

    public String getRegionCode() {
        return regionCode;
    }

    String getPhoneHash() {
        return phoneHash;
    }

    public Integer getRuleVersion() {
        return ruleVersion;
    }

    public Integer getRiskScore() {
        return riskScore;
    }

    public String getRiskDecision() {
        return riskDecision;
    }

    public String getRiskRules() {
        return riskRules;
    }

    public String getFirstApprover() {
        return firstApprover;
    }

    public Instant getFirstApprovedAt() {
        return firstApprovedAt;
    }

    public String getRecommendedModel() {
        return recommendedModel;
    }

    public String getFeePlan() {
        return feePlan;
    }

    public String getInfoRequest() {
        return infoRequest;
    }

    public String getInfoResponse() {
        return infoResponse;
    }

    /** Age in whole years on the given day, or null once erased. */
    public Integer ageOn(LocalDate day) {
        return birthDate == null
                ? null
                : java.time.Period.between(birthDate, day).getYears();
    }

    public String getSettlementCardMasked() {
        return settlementCardMasked;
    }

    public String getSettlementBank() {
        return settlementBank;
    }

    public String getShippingAddress() {
        return shippingAddress;
    }

    public String getCity() {
        return city;
    }

    public ApplicationStatus getStatus() {
        return status;
    }

    public String getRejectReason() {
        return rejectReason;
    }

    public String getMerchantMid() {
        return merchantMid;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    /** The staff member now working this case (taking it over from another is allowed, and audited). */
    void assignTo(String staff, Instant at) {
        this.assignedTo = staff;
        this.assignedAt = at;
    }

    public String getAssignedTo() {
        return assignedTo;
    }

    public Instant getAssignedAt() {
        return assignedAt;
    }
}
