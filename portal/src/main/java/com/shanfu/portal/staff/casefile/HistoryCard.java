package com.shanfu.portal.staff.casefile;

import com.shanfu.portal.application.ApplicationEvent;
import com.shanfu.portal.audit.AuditEntry;
import com.shanfu.portal.i18n.Formats;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import java.util.List;

/** The application's steps as the applicant was told them, and the audit trail of what staff did. */
public class HistoryCard extends CaseCard {

    public HistoryCard(List<ApplicationEvent> history, List<AuditEntry> auditTrail) {
        super("case.history");
        Grid<ApplicationEvent> events = new Grid<>();
        events.addColumn(e -> Formats.dateTime(e.getAt(), getLocale()))
                .setHeader(getTranslation("case.at"))
                .setAutoWidth(true);
        events.addColumn(e -> getTranslation(e.getStatus().messageKey()))
                .setHeader(getTranslation("review.status"))
                .setAutoWidth(true);
        events.addColumn(ApplicationEvent::getNote)
                .setHeader(getTranslation("case.notes"))
                .setFlexGrow(1);
        events.setItems(history);
        events.setAllRowsVisible(true);
        Grid<AuditEntry> trail = new Grid<>();
        trail.addColumn(e -> Formats.dateTime(e.getAt(), getLocale()))
                .setHeader(getTranslation("case.at"))
                .setAutoWidth(true);
        trail.addColumn(AuditEntry::getActor)
                .setHeader(getTranslation("case.staff"))
                .setAutoWidth(true);
        trail.addColumn(AuditEntry::getAction)
                .setHeader(getTranslation("audit.action"))
                .setAutoWidth(true);
        trail.setItems(auditTrail);
        trail.setAllRowsVisible(true);
        trail.setId("case-audit");
        add(events, new H3(getTranslation("case.audit")), trail);
    }
}
