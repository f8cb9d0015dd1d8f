package com.shanfu.portal.application;

import com.shanfu.portal.application.ApplicationChange.ApplicationApproved;
import com.shanfu.portal.application.ApplicationChange.ApplicationRejected;
import com.shanfu.portal.application.ApplicationChange.FirstApprovalGiven;
import com.shanfu.portal.application.ApplicationChange.InfoRequested;
import com.shanfu.portal.audit.Audit;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.security.KeycloakAccounts;
import com.shanfu.portal.tms.TmsClient;
import com.shanfu.portal.tms.TmsFailure;
import com.shanfu.tms.contract.MerchantTerms;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What staff decide on a case: who works it, the call with its outcome and model recommendation, a question to the
 * applicant, approval (the four-eyes rule is {@link Application#approvalCompletes}) and rejection. Each decision
 * publishes an {@link ApplicationChange}; the audit log and the applicant's notifications follow from it.
 */
@Service
public class Decisions {

    private final ApplicationRepository applications;
    private final ContactLogRepository contacts;
    private final FeePlanRepository feePlans;
    private final TmsClient tms;
    private final KeycloakAccounts accounts;
    private final Audit audit;
    private final ApplicationEventPublisher events;
    private final int fourEyesScore;
    private final Clock clock;

    Decisions(
            ApplicationRepository applications,
            ContactLogRepository contacts,
            FeePlanRepository feePlans,
            TmsClient tms,
            KeycloakAccounts accounts,
            Audit audit,
            ApplicationEventPublisher events,
            @Value("${shanfu.review.four-eyes-score:50}") int fourEyesScore,
            Clock clock) {
        this.applications = applications;
        this.contacts = contacts;
        this.feePlans = feePlans;
        this.tms = tms;
        this.accounts = accounts;
        this.audit = audit;
        this.events = events;
        this.fourEyesScore = fourEyesScore;
        this.clock = clock;
    }

    /** What an approval did: approved, or recorded as the first of two (four-eyes). */
    public enum Approval {
        APPROVED,
        FIRST_OF_TWO
    }

    /** Whether approving this application takes two different staff members. */
    public boolean needsTwoApprovals(Application a) {
        return a.needsTwoApprovals(fourEyesScore);
    }

    public int fourEyesScore() {
        return fourEyesScore;
    }

    /** A staff member takes an open case to work it (from another staff member too: audited with both names). */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public Application takeCase(long applicationId, CurrentUser staff) {
        Application a = applications.require(applicationId);
        if (!a.allows(CaseAction.TAKE_CASE)) {
            throw new ApplicationException("error.case-closed");
        }
        if (!staff.username().equals(a.getAssignedTo())) {
            Map<String, Object> before = a.getAssignedTo() == null ? null : Map.of("assignedTo", a.getAssignedTo());
            a.assignTo(staff.username(), clock.instant());
            audit.record(
                    staff.username(),
                    "CASE_TAKEN",
                    "application",
                    a.getId(),
                    before,
                    Map.of("assignedTo", staff.username()));
        }
        return a;
    }

    /** A call to the applicant, with its outcome and notes and, when made, the model staff recommend. */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public ContactLog recordContact(
            long applicationId, ContactLog.Outcome outcome, String notes, String model, CurrentUser staff) {
        if (outcome == null) {
            throw new ApplicationException("validation.contact-outcome");
        }
        if (notes != null && notes.strip().length() > 1000) {
            throw new ApplicationException("validation.notes");
        }
        if (model != null && !model.isBlank() && !ApplicationForm.MODELS.contains(model)) {
            throw new ApplicationException("validation.model.unknown");
        }
        Application a = applications.require(applicationId);
        String recommended = model == null || model.isBlank() ? null : model;
        ContactLog c = contacts.save(new ContactLog(
                a.getId(),
                staff.username(),
                clock.instant(),
                outcome,
                notes == null ? null : notes.strip(),
                recommended));
        if (recommended != null) {
            a.recommend(recommended);
        }
        audit.record(
                staff.username(),
                "CONTACT_LOGGED",
                "application",
                a.getId(),
                null,
                Map.of(
                        "outcome",
                        outcome,
                        "notes",
                        notes == null ? "" : notes.strip(),
                        "model",
                        String.valueOf(recommended)));
        return c;
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('staff')")
    public List<ContactLog> contacts(long applicationId) {
        return contacts.findByApplicationIdOrderByAtDesc(applicationId);
    }

    /** Staff need something from the applicant; the question appears as a task on their status page. */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public Application requestInfo(long applicationId, String question, CurrentUser staff) {
        String text = ApplicationException.requireText(question, 500, "validation.question");
        Application a = applications.require(applicationId);
        Map<String, Object> before = a.auditSnapshot();
        Instant now = clock.instant();
        a.requestInfo(text, now);
        events.publishEvent(new InfoRequested(a, staff.username(), now, text, before));
        return a;
    }

    @Transactional
    @PreAuthorize("hasRole('staff')")
    public Application reject(long applicationId, String reason, CurrentUser staff) {
        String text = ApplicationException.requireText(reason, Application.REASON_MAX, "validation.reason");
        Application a = applications.require(applicationId);
        Map<String, Object> before = a.auditSnapshot();
        Instant now = clock.instant();
        a.reject(text, now);
        events.publishEvent(new ApplicationRejected(a, staff.username(), now, text, before));
        return a;
    }

    /**
     * Approves after the staff call with a fee plan. An application whose risk score is above the four-eyes score
     * needs two different staff members: the first approval is recorded, the second one approves. Approving calls
     * the TMS (merchant, idempotent on the application) and Keycloak (merchant role); a failure of either changes
     * nothing here, and approving again is safe.
     */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public Approval approve(long applicationId, String feePlan, CurrentUser staff) {
        Application a = applications.require(applicationId);
        if (!a.allows(CaseAction.APPROVE)) {
            throw new ApplicationException(
                    "error.illegal-transition", a.getStatus().name(), ApplicationStatus.APPROVED.name());
        }
        FeePlan plan = feePlans.findById(feePlan == null ? FeePlan.forMcc(a.getMcc()) : feePlan)
                .filter(FeePlan::isActive)
                .orElseThrow(() -> new ApplicationException("error.fee-plan-unknown"));
        Map<String, Object> before = a.auditSnapshot();
        Instant now = clock.instant();
        if (!a.approvalCompletes(staff.username(), fourEyesScore, now)) {
            events.publishEvent(new FirstApprovalGiven(a, staff.username(), now, before));
            return Approval.FIRST_OF_TWO;
        }
        grantMerchant(a, plan, staff.username(), false, before);
        return Approval.APPROVED;
    }

    /** The risk rules approved it: the same as a staff approval, by the system, with the plan for its business. */
    @Transactional(propagation = Propagation.MANDATORY)
    void approveAutomatically(Application a) {
        grantMerchant(
                a, feePlans.findById(FeePlan.forMcc(a.getMcc())).orElseThrow(), "system", true, a.auditSnapshot());
    }

    private void grantMerchant(Application a, FeePlan fees, String actor, boolean byRules, Map<String, Object> before) {
        try {
            String card = a.getSettlementCardMasked() == null
                    ? null
                    : a.getSettlementCardMasked().replace(" ", "");
            MerchantTerms m = tms.registerMerchant(
                    "application-" + a.getId(),
                    a.getLegalName(),
                    a.getCity(),
                    a.getMcc(),
                    fees.rates().terms(fees.getCode(), com.shanfu.tms.contract.SettlementCycle.T1, card));
            accounts.grantRealmRole(a.getApplicantSubject(), "merchant");
            a.approve(m.mid(), fees.getCode(), clock.instant());
        } catch (TmsFailure | KeycloakAccounts.Unavailable e) {
            throw new ApplicationException("error.backend-unavailable");
        }
        events.publishEvent(new ApplicationApproved(a, actor, clock.instant(), byRules, before));
    }
}
