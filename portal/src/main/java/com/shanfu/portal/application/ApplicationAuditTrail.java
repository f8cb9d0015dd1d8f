package com.shanfu.portal.application;

import com.shanfu.portal.application.ApplicationChange.ApplicationApproved;
import com.shanfu.portal.application.ApplicationChange.ApplicationRejected;
import com.shanfu.portal.application.ApplicationChange.DeviceDelivered;
import com.shanfu.portal.application.ApplicationChange.DeviceReplaced;
import com.shanfu.portal.application.ApplicationChange.DeviceShipped;
import com.shanfu.portal.application.ApplicationChange.FirstApprovalGiven;
import com.shanfu.portal.application.ApplicationChange.InfoRequested;
import com.shanfu.portal.audit.Audit;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The decisions staff and the rules take on an application, in the audit log with the state before and after, in the
 * transaction that took them. Steps by the applicant and the TMS are in the application's history instead.
 */
@Component
class ApplicationAuditTrail {

    private final Audit audit;

    ApplicationAuditTrail(Audit audit) {
        this.audit = audit;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(ApplicationChange change) {
        Application a = change.application();
        switch (change) {
            case FirstApprovalGiven e ->
                audit.record(e.actor(), "APPROVAL_FIRST", "application", a.getId(), e.before(), a.auditSnapshot());
            case ApplicationApproved e ->
                audit.record(
                        e.actor(),
                        e.byRules() ? "APPROVED_BY_RULES" : "APPROVED",
                        "application",
                        a.getId(),
                        e.before(),
                        a.auditSnapshot());
            case ApplicationRejected e
            when e.before() != null ->
                audit.record(e.actor(), "REJECTED", "application", a.getId(), e.before(), a.auditSnapshot());
            case InfoRequested e ->
                audit.record(e.actor(), "INFO_REQUESTED", "application", a.getId(), e.before(), a.auditSnapshot());
            case DeviceShipped e ->
                audit.record(
                        e.actor(),
                        "SHIPPED",
                        "application",
                        a.getId(),
                        Map.of("status", ApplicationStatus.APPROVED),
                        Map.of(
                                "status",
                                a.getStatus(),
                                "serial",
                                e.shipment().getSerial(),
                                "model",
                                e.shipment().getModel(),
                                "courier",
                                e.shipment().getCourier(),
                                "trackingNumber",
                                e.shipment().getTrackingNumber()));
            case DeviceDelivered e
            when !"tms".equals(e.actor()) ->
                audit.record(
                        e.actor(),
                        "DELIVERED",
                        "application",
                        a.getId(),
                        Map.of("status", ApplicationStatus.SHIPPED),
                        Map.of("status", a.getStatus(), "serial", e.shipment().getSerial()));
            case DeviceReplaced e ->
                audit.record(
                        e.actor(),
                        "DEVICE_REPLACED",
                        "application",
                        a.getId(),
                        Map.of("serial", e.oldSerial()),
                        Map.of(
                                "serial",
                                e.shipment().getSerial(),
                                "reason",
                                e.reason(),
                                "courier",
                                e.shipment().getCourier(),
                                "trackingNumber",
                                e.shipment().getTrackingNumber()));
            default -> {}
        }
    }
}
