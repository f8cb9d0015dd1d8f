package com.shanfu.portal.application;

import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.security.KeycloakAccounts;
import com.shanfu.portal.tms.TmsClient;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.client.RestClientException;

/**
 * The applicant journey and the staff decisions on it. Every refusal is an {@link ApplicationException} with a
 * message key, thrown before anything is written.
 */
@Service
public class ApplicationService {

    public static final int MAX_APPLICATIONS_PER_ID = 3;
    public static final String DEFAULT_MCC = "5411";
    public static final String DEFAULT_MODEL = "SF-Q1";

    private final ApplicationRepository applications;
    private final ApplicationEventRepository events;
    private final ShipmentRepository shipments;
    private final Pii pii;
    private final TmsClient tms;
    private final KeycloakAccounts accounts;
    private final Clock clock;

    ApplicationService(ApplicationRepository applications, ApplicationEventRepository events, ShipmentRepository shipments,
                       Pii pii, TmsClient tms, KeycloakAccounts accounts, Clock clock) {
        this.applications = applications;
        this.events = events;
        this.shipments = shipments;
        this.pii = pii;
        this.tms = tms;
        this.accounts = accounts;
        this.clock = clock;
    }

    @Transactional
    @PreAuthorize("hasRole('applicant')")
    public Application submit(ApplicationForm form, CurrentUser applicant) {
        LocalDate today = LocalDate.now(clock);
        Map<String, String> problems = form.problems(today);
        if (!problems.isEmpty()) {
            throw new ApplicationException(problems);
        }
        String id = IdNumber.normalise(form.idNumber());
        String idHash = pii.hash(id);
        List<Application> sameId = applications.findByIdNumberHash(idHash);
        if (sameId.stream().anyMatch(a -> a.getStatus().open())) {
            throw new ApplicationException("error.open-application-exists");
        }
        if (sameId.stream().filter(a -> a.getStatus() != ApplicationStatus.REJECTED).count() >= MAX_APPLICATIONS_PER_ID) {
            throw new ApplicationException("error.too-many-applications", MAX_APPLICATIONS_PER_ID);
        }
        String card = BankCards.normalise(form.settlementCard());
        BankCards.Bin bin = BankCards.bin(card).orElseThrow();
        Instant now = clock.instant();
        Application a = applications.save(new Application(applicant.subject(), applicant.username(),
                form.legalName().trim(), pii.encrypt(id), IdNumber.mask(id), idHash, IdNumber.birthDate(id).orElseThrow(),
                MobilePhone.normalise(form.phone()), pii.encrypt(card), BankCards.mask(card), bin.bankZh(),
                form.shippingAddress().trim(), form.city().trim(), now));
        events.save(new ApplicationEvent(a.getId(), ApplicationStatus.SUBMITTED, applicant.username(), null, now));
        return a;
    }

    /**
     * The user's applications, newest first. A shipped application whose device the TMS now reports active becomes
     * ACTIVATED here (the TMS is the record of device state; the portal follows it when asked).
     */
    @Transactional
    public List<Application> mine(CurrentUser user) {
        List<Application> mine = applications.findByApplicantSubjectOrderByCreatedAtDesc(user.subject());
        for (Application a : mine) {
            if (a.getStatus() == ApplicationStatus.SHIPPED) {
                shipments.findByApplicationId(a.getId()).ifPresent(s -> followActivation(a, s));
            }
        }
        return mine;
    }

    private void followActivation(Application a, Shipment s) {
        try {
            TmsClient.Device d = tms.device(s.getSerial());
            if ("ACTIVE".equals(d.status())) {
                Instant now = clock.instant();
                a.moveTo(ApplicationStatus.ACTIVATED, now);
                events.save(new ApplicationEvent(a.getId(), ApplicationStatus.ACTIVATED, "tms", d.tid(), now));
            }
        } catch (RestClientException e) {
            // the TMS is unreachable: the page shows the last known state and asks again next time
        }
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
    public Optional<Shipment> shipment(Application a) {
        return shipments.findByApplicationId(a.getId());
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('staff')")
    public Page<Application> queue(ApplicationStatus status, Pageable page) {
        return status == null ? applications.findAllByOrderByCreatedAtDesc(page)
                : applications.findByStatusOrderByCreatedAtAsc(status, page);
    }

    /**
     * Approves: the TMS registers the merchant (idempotent on the application id), the applicant's account gets the
     * merchant role in Keycloak, then the decision is committed. A failure of either call leaves the application
     * submitted, and approving again is safe.
     */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public Application approve(long applicationId, CurrentUser staff) {
        Application a = load(applicationId);
        if (a.getStatus() != ApplicationStatus.SUBMITTED) {
            throw new ApplicationException("error.illegal-transition", a.getStatus().name(), ApplicationStatus.APPROVED.name());
        }
        try {
            TmsClient.Merchant m = tms.registerMerchant("application-" + a.getId(), a.getLegalName(), a.getCity(), DEFAULT_MCC);
            accounts.grantRealmRole(a.getApplicantSubject(), "merchant");
            a.approve(m.mid(), clock.instant());
        } catch (RestClientException e) {
            throw new ApplicationException("error.backend-unavailable");
        }
        events.save(new ApplicationEvent(a.getId(), ApplicationStatus.APPROVED, staff.username(), a.getMerchantMid(), clock.instant()));
        return a;
    }

    @Transactional
    @PreAuthorize("hasRole('staff')")
    public Application reject(long applicationId, String reason, CurrentUser staff) {
        if (reason == null || reason.isBlank() || reason.trim().length() > Application.REASON_MAX) {
            throw new ApplicationException("validation.reason");
        }
        Application a = load(applicationId);
        a.reject(reason.trim(), clock.instant());
        events.save(new ApplicationEvent(a.getId(), ApplicationStatus.REJECTED, staff.username(), reason.trim(), clock.instant()));
        return a;
    }

    /** Ships a device: the TMS takes one from stock, allocates the TID and issues the one-time activation code. */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public Shipment ship(long applicationId, String model, CurrentUser staff) {
        Application a = load(applicationId);
        if (a.getStatus() != ApplicationStatus.APPROVED) {
            throw new ApplicationException("error.illegal-transition", a.getStatus().name(), ApplicationStatus.SHIPPED.name());
        }
        TmsClient.Shipment s;
        try {
            s = tms.ship("application-" + a.getId(), a.getMerchantMid(), model == null ? DEFAULT_MODEL : model);
        } catch (RestClientException e) {
            throw new ApplicationException("error.shipping-failed");
        }
        Instant now = clock.instant();
        a.moveTo(ApplicationStatus.SHIPPED, now);
        Shipment shipment = shipments.save(new Shipment(a.getId(), s.serial(), s.model(), s.tid(), s.activationCode(),
                s.activationExpiresAt(), staff.username(), now));
        events.save(new ApplicationEvent(a.getId(), ApplicationStatus.SHIPPED, staff.username(), s.serial(), now));
        return shipment;
    }

    private Application load(long id) {
        return applications.findById(id).orElseThrow(() -> new ApplicationException("error.not-found"));
    }
}
