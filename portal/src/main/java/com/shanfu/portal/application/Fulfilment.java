package com.shanfu.portal.application;

import com.shanfu.portal.application.ApplicationChange.DeviceDelivered;
import com.shanfu.portal.application.ApplicationChange.DeviceReplaced;
import com.shanfu.portal.application.ApplicationChange.DeviceShipped;
import com.shanfu.portal.audit.Audit;
import com.shanfu.portal.notification.Outbox;
import com.shanfu.portal.privacy.Pii;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.shipping.PackingSlip;
import com.shanfu.portal.tms.TmsClient;
import com.shanfu.portal.tms.TmsRefused;
import com.shanfu.portal.tms.TmsUnavailable;
import com.shanfu.tms.contract.Device;
import com.shanfu.tms.contract.Model;
import com.shanfu.tms.contract.Replacement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Getting a device to an approved merchant: shipping from the TMS's stock with a one-time activation code, the packing
 * slip, delivery, a replacement device, and new activation codes. The portal keeps only a keyed hash of each code:
 * it is shown once to staff and sent to the applicant's verified phone.
 */
@Service
public class Fulfilment {

    public static final String DEFAULT_MODEL = "SF-Q1";
    private static final DateTimeFormatter UNTIL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

    private final ApplicationRepository applications;
    private final ShipmentRepository shipments;
    private final ApplicationQueries queries;
    private final ApplicationJournal journal;
    private final TmsClient tms;
    private final Outbox outbox;
    private final PackingSlip packingSlips;
    private final Audit audit;
    private final Pii pii;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Fulfilment(
            ApplicationRepository applications,
            ShipmentRepository shipments,
            ApplicationQueries queries,
            ApplicationJournal journal,
            TmsClient tms,
            Outbox outbox,
            PackingSlip packingSlips,
            Audit audit,
            Pii pii,
            ApplicationEventPublisher events,
            Clock clock) {
        this.applications = applications;
        this.shipments = shipments;
        this.queries = queries;
        this.journal = journal;
        this.tms = tms;
        this.outbox = outbox;
        this.packingSlips = packingSlips;
        this.audit = audit;
        this.pii = pii;
        this.events = events;
        this.clock = clock;
    }

    /** The model to ship when staff do not choose: the one they recommended, else the applicant's choice. */
    public static String suggestedModel(Application a) {
        return a.getRecommendedModel() != null
                ? a.getRecommendedModel()
                : a.getPreferredModel() != null ? a.getPreferredModel() : DEFAULT_MODEL;
    }

    /**
     * Ships a device with a courier: the TMS takes one from stock, allocates the TID and issues the one-time
     * activation code; the applicant gets the courier and tracking number, and the code by SMS.
     */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public Shipment ship(
            long applicationId, String model, String serial, String courier, String trackingNumber, CurrentUser staff) {
        Couriers.problem(courier, trackingNumber).ifPresent(k -> {
            throw new ApplicationException(k);
        });
        Application a = applications.require(applicationId);
        if (!a.allows(CaseAction.SHIP)) {
            throw new ApplicationException(
                    "error.illegal-transition", a.getStatus().name(), ApplicationStatus.SHIPPED.name());
        }
        String chosen = model != null ? model : suggestedModel(a);
        com.shanfu.tms.contract.Shipment s;
        try {
            s = tms.ship(
                    "application-" + a.getId(),
                    a.getMerchantMid(),
                    chosen,
                    serial == null || serial.isBlank() ? null : serial);
        } catch (TmsUnavailable e) {
            throw new ApplicationException("error.shipping-failed");
        }
        Instant now = clock.instant();
        String tracking = trackingNumber.strip().toUpperCase();
        a.moveTo(ApplicationStatus.SHIPPED, now);
        Shipment shipment = shipments.save(new Shipment(
                a.getId(),
                s.serial(),
                s.model(),
                s.tid(),
                Shipment.IssuedCode.of(s.serial(), s.activationCode(), pii),
                s.activationExpiresAt(),
                courier,
                tracking,
                staff.username(),
                now));
        events.publishEvent(new DeviceShipped(a, staff.username(), now, shipment));
        smsActivationCode(a, "sms.activation-code", s.serial(), s.activationCode(), s.activationExpiresAt());
        return shipment;
    }

    /**
     * The packing slip PDF of a shipped application. It holds the activation code, which the portal does not keep: the
     * caller passes the code it was just shown (once), and it must be the code in force. Printing it is audited.
     */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public byte[] packingSlip(long applicationId, String activationCode, CurrentUser staff) {
        Application a = applications.require(applicationId);
        Shipment s = current(applicationId);
        if (!s.isActivationCode(activationCode, pii)) {
            throw new ApplicationException("error.slip-needs-code");
        }
        audit.record(
                staff.username(),
                "PACKING_SLIP_PRINTED",
                "application",
                a.getId(),
                null,
                Map.of("serial", s.getSerial()));
        return packingSlips.render(new PackingSlip.Contents(
                a.getId(),
                a.getLegalName(),
                a.getPhoneMasked() == null ? "" : a.getPhoneMasked(),
                a.getShippingAddress(),
                s.getSerial(),
                s.getModel(),
                s.getTid(),
                a.getMerchantMid(),
                activationCode.strip(),
                s.getActivationExpiresAt(),
                s.getCourier(),
                s.getTrackingNumber()));
    }

    /** The courier confirmed delivery. */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public Application delivered(long applicationId, CurrentUser staff) {
        Application a = applications.require(applicationId);
        Shipment s = shipments
                .findFirstByApplicationIdOrderByIdDesc(applicationId)
                .orElseThrow(() -> new ApplicationException(
                        "error.illegal-transition", a.getStatus().name(), ApplicationStatus.DELIVERED.name()));
        deliver(a, s, staff.username(), clock.instant());
        return a;
    }

    /** The device arrived (the courier said so, or it was activated, which it cannot be before it arrived). */
    @Transactional(propagation = Propagation.MANDATORY)
    void deliver(Application a, Shipment s, String actor, Instant at) {
        a.moveTo(ApplicationStatus.DELIVERED, at);
        s.delivered(at);
        events.publishEvent(new DeviceDelivered(a, actor, at, s));
    }

    /**
     * Swaps the device of a shipped, delivered or activated application (broken, lost): the TMS retires the old one
     * with its keys and ships a replacement to the same merchant with a new activation code; the applicant is told.
     */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public Shipment replaceDevice(
            long applicationId, String reason, String courier, String trackingNumber, CurrentUser staff) {
        String why = ApplicationException.requireText(reason, 200, "validation.replace-reason");
        Couriers.problem(courier, trackingNumber).ifPresent(k -> {
            throw new ApplicationException(k);
        });
        Application a = applications.require(applicationId);
        Shipment old = current(applicationId);
        if (!a.allows(CaseAction.REPLACE_DEVICE)) {
            throw new ApplicationException("error.not-shipped");
        }
        Replacement r;
        try {
            r = tms.replace(old.getSerial(), why);
        } catch (TmsRefused e) {
            throw new ApplicationException("error.replace-refused", e.getMessage());
        } catch (TmsUnavailable e) {
            throw new ApplicationException("error.backend-unavailable");
        }
        Instant now = clock.instant();
        String tracking = trackingNumber.strip().toUpperCase();
        old.replaced(why, now);
        Shipment next = shipments.save(new Shipment(
                a.getId(),
                r.serial(),
                r.model(),
                r.tid(),
                Shipment.IssuedCode.of(r.serial(), r.activationCode(), pii),
                r.activationExpiresAt(),
                courier,
                tracking,
                staff.username(),
                now));
        smsActivationCode(a, "sms.activation-code", r.serial(), r.activationCode(), r.activationExpiresAt());
        events.publishEvent(new DeviceReplaced(a, staff.username(), now, old.getSerial(), next, why));
        return next;
    }

    /**
     * A new activation code for the merchant's device, sent by SMS to the verified phone. At most one per minute; the
     * earlier code stops working. Only while the device waits for activation.
     */
    @Transactional
    @PreAuthorize("hasRole('merchant')")
    public Instant resendActivationCode(CurrentUser user) {
        Application a = queries.merchantApplication(user)
                .orElseThrow(() -> new ApplicationException("merchant.activation.none"));
        Shipment s = shipments
                .findFirstByApplicationIdOrderByIdDesc(a.getId())
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
        Application a = applications.require(applicationId);
        return newActivationCode(a, current(applicationId), staff, "ACTIVATION_CODE_REISSUED");
    }

    /** The TMS's device models with stock, connectivity, printer and price. */
    public List<Model> models() {
        return tms.models();
    }

    /** Serials in stock for a model, oldest first (at most {@code limit}). */
    public List<String> stock(String model, int limit) {
        return tms.stock(model, limit).stream().map(Device::serial).toList();
    }

    private Shipment newActivationCode(Application a, Shipment s, CurrentUser user, String action) {
        Instant now = clock.instant();
        if (s.getCodeIssuedAt() != null && s.getCodeIssuedAt().isAfter(now.minusSeconds(60))) {
            throw new ApplicationException("merchant.activation.too-soon");
        }
        com.shanfu.tms.contract.Shipment next;
        try {
            next = tms.reissueActivationCode(s.getSerial());
        } catch (TmsRefused e) {
            throw new ApplicationException("merchant.activation.not-waiting");
        } catch (TmsUnavailable e) {
            throw new ApplicationException("error.backend-unavailable");
        }
        s.newActivationCode(
                Shipment.IssuedCode.of(s.getSerial(), next.activationCode(), pii), next.activationExpiresAt(), now);
        smsActivationCode(
                a, "sms.activation-code-new", s.getSerial(), next.activationCode(), next.activationExpiresAt());
        audit.record(user.username(), action, "application", a.getId(), null, s.getSerial());
        return s;
    }

    /** The code goes to the applicant's verified phone; the outbox keeps it only until it has left. */
    private void smsActivationCode(Application a, String key, String serial, String code, Instant expires) {
        if (a.getPhoneEnc() == null) {
            return;
        }
        outbox.smsWithCode(
                a.getId(),
                pii.decrypt(a.getPhoneEnc()),
                a.getPhoneMasked(),
                journal.text(key, a, serial, code, UNTIL.format(expires)),
                code);
    }

    private Shipment current(long applicationId) {
        return shipments
                .findFirstByApplicationIdOrderByIdDesc(applicationId)
                .orElseThrow(() -> new ApplicationException("error.not-shipped"));
    }
}
