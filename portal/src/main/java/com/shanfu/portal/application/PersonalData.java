package com.shanfu.portal.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shanfu.portal.audit.Audit;
import com.shanfu.portal.notification.Outbox;
import com.shanfu.portal.privacy.Pii;
import com.shanfu.portal.security.CurrentUser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The personal numbers the portal holds: revealed in clear only to the staff member working the case, for a stated
 * reason, audited; exported to their owner (the right to a copy); erased when an application is withdrawn.
 */
@Service
public class PersonalData {

    private final ApplicationRepository applications;
    private final ApplicationEventRepository history;
    private final KycCheckRepository checks;
    private final ShipmentRepository shipments;
    private final Outbox outbox;
    private final Audit audit;
    private final Pii pii;
    private final ObjectMapper json;
    private final Clock clock;

    PersonalData(
            ApplicationRepository applications,
            ApplicationEventRepository history,
            KycCheckRepository checks,
            ShipmentRepository shipments,
            Outbox outbox,
            Audit audit,
            Pii pii,
            ObjectMapper json,
            Clock clock) {
        this.applications = applications;
        this.history = history;
        this.checks = checks;
        this.shipments = shipments;
        this.outbox = outbox;
        this.audit = audit;
        this.pii = pii;
        this.json = json;
        this.clock = clock;
    }

    /** The personal numbers in clear, for a staff member who must read them; every reveal is audited. */
    public record Revealed(String idNumber, String phone, String settlementCard) {}

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
        Application a = applications.require(applicationId);
        if (a.getIdNumberEnc() == null) {
            throw new ApplicationException("error.erased");
        }
        if (!a.allows(CaseAction.REVEAL)) {
            throw new ApplicationException("error.case-closed");
        }
        if (!staff.username().equals(a.getAssignedTo())) {
            throw new ApplicationException(
                    "error.reveal-not-your-case", a.getAssignedTo() == null ? "—" : a.getAssignedTo());
        }
        audit.record(
                staff.username(),
                "PII_REVEALED",
                "application",
                a.getId(),
                null,
                Map.of("fields", List.of("idNumber", "phone", "settlementCard"), "reason", reason.strip()));
        return new Revealed(
                pii.decrypt(a.getIdNumberEnc()), pii.decrypt(a.getPhoneEnc()), pii.decrypt(a.getSettlementCardEnc()));
    }

    /** Everything the portal holds about the signed-in person, in clear, as JSON (the right to a copy). */
    @Transactional(readOnly = true)
    @PreAuthorize("isAuthenticated()")
    public byte[] export(CurrentUser user) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Application a : applications.findByApplicantSubjectOrderByCreatedAtDesc(user.subject())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("application", a.getId());
            m.put("status", a.getStatus());
            m.put("submittedAt", a.getCreatedAt());
            m.put("legalName", a.getLegalName());
            m.put("idNumber", clear(a.getIdNumberEnc()));
            m.put("phone", clear(a.getPhoneEnc()));
            m.put("email", a.getApplicantEmail());
            m.put("settlementCard", clear(a.getSettlementCardEnc()));
            m.put("settlementBank", a.getSettlementBank());
            m.put("creditCard", a.getCreditCardMasked());
            m.put("businessType", a.getMcc());
            m.put("businessAddress", a.getBusinessAddress());
            m.put("shippingAddress", a.getShippingAddress());
            m.put("city", a.getCity());
            m.put("preferredModel", a.getPreferredModel());
            m.put("rejectReason", a.getRejectReason());
            m.put("merchantId", a.getMerchantMid());
            m.put(
                    "history",
                    history.findByApplicationIdOrderByAtAsc(a.getId()).stream()
                            .map(e -> Map.of("status", e.getStatus(), "at", e.getAt()))
                            .toList());
            m.put(
                    "checks",
                    checks.findByApplicationIdOrderByAtAscIdAsc(a.getId()).stream()
                            .map(c -> Map.of("check", c.getKind(), "outcome", c.getOutcome(), "at", c.getAt()))
                            .toList());
            shipments
                    .findFirstByApplicationIdOrderByIdDesc(a.getId())
                    .ifPresent(s -> m.put(
                            "shipment",
                            Map.of(
                                    "serial",
                                    s.getSerial(),
                                    "courier",
                                    String.valueOf(s.getCourier()),
                                    "trackingNumber",
                                    String.valueOf(s.getTrackingNumber()))));
            m.put(
                    "messages",
                    outbox.forApplication(a.getId()).stream()
                            .map(o -> Map.of("channel", o.getChannel(), "text", o.getBody(), "at", o.getCreatedAt()))
                            .toList());
            out.add(m);
        }
        try {
            return json.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(Map.of(
                            "subject",
                            user.subject(),
                            "username",
                            user.username(),
                            "exportedAt",
                            clock.instant(),
                            "applications",
                            out));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** After the last notification of a withdrawn application was written: only what the rules need stays. */
    @Transactional(propagation = Propagation.MANDATORY)
    void erase(Application a) {
        a.erasePersonalData();
        outbox.eraseRecipients(a.getId());
    }

    /** The keyed hash the blocklist keeps of a settlement card. */
    String cardHash(String card) {
        return pii.hash("card:" + card);
    }

    private String clear(String sealed) {
        return sealed == null ? null : pii.decrypt(sealed);
    }
}
