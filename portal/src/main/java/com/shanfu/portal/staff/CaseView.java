package com.shanfu.portal.staff;

import com.shanfu.portal.application.Application;
import com.shanfu.portal.application.ApplicationException;
import com.shanfu.portal.application.ApplicationQueries;
import com.shanfu.portal.application.Blocklists;
import com.shanfu.portal.application.CaseAction;
import com.shanfu.portal.application.Decisions;
import com.shanfu.portal.application.Fulfilment;
import com.shanfu.portal.application.PersonalData;
import com.shanfu.portal.application.Shipment;
import com.shanfu.portal.audit.Audit;
import com.shanfu.portal.staff.casefile.ApplicantCard;
import com.shanfu.portal.staff.casefile.CaseCard;
import com.shanfu.portal.staff.casefile.CaseChanged;
import com.shanfu.portal.staff.casefile.ChecksCard;
import com.shanfu.portal.staff.casefile.ContactLogCard;
import com.shanfu.portal.staff.casefile.DecisionCard;
import com.shanfu.portal.staff.casefile.HistoryCard;
import com.shanfu.portal.staff.casefile.RiskCard;
import com.shanfu.portal.staff.casefile.ShipmentCard;
import com.shanfu.portal.staff.casefile.ShippingCard;
import com.shanfu.portal.ui.MainLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;

/**
 * Staff: one application as a case, built from the cards of {@code staff.casefile} — the risk outcome, the applicant
 * (masked unless revealed, audited), the automatic checks, the contact log with the model recommendation, the decision
 * (four-eyes above the score), shipping with the packing slip, and the history with the audit trail. Which cards and
 * actions appear is the application's {@link Application#allowedActions()}; a card that changes the case tells the page
 * ({@link CaseChanged}), which reads the case again.
 */
@Route(value = "staff/case", layout = MainLayout.class)
@RolesAllowed("staff")
public class CaseView extends Div implements HasUrlParameter<Long>, HasDynamicTitle {

    private final ApplicationQueries applications;
    private final Decisions decisions;
    private final Fulfilment fulfilment;
    private final PersonalData personalData;
    private final Blocklists blocklists;
    private final Audit audit;
    private long id;
    /** The activation code just issued in this view, shown once and kept only here (the portal does not store it). */
    private Shipment issued;

    public CaseView(
            ApplicationQueries applications,
            Decisions decisions,
            Fulfilment fulfilment,
            PersonalData personalData,
            Blocklists blocklists,
            Audit audit) {
        this.applications = applications;
        this.decisions = decisions;
        this.fulfilment = fulfilment;
        this.personalData = personalData;
        this.blocklists = blocklists;
        this.audit = audit;
        addClassName("sf-page");
        getStyle().set("max-width", "72rem");
    }

    @Override
    public void setParameter(BeforeEvent event, Long applicationId) {
        this.id = applicationId;
        render();
    }

    private void render() {
        removeAll();
        Application a;
        try {
            a = applications.caseOf(id);
        } catch (ApplicationException e) {
            add(new H2(getTranslation(e.key())));
            return;
        }
        Span status = new Span(getTranslation(a.getStatus().messageKey()));
        status.setId("case-status");
        status.addClassName("sf-status");
        add(new H2(getTranslation("case.heading", a.getId())), new Paragraph(status));
        add(
                listen(new RiskCard(a, decisions)),
                listen(new ApplicantCard(a, decisions, personalData)),
                listen(new ChecksCard(applications.checks(a))),
                listen(new ContactLogCard(a, decisions, fulfilment)));
        if (a.allows(CaseAction.REJECT)) {
            add(listen(new DecisionCard(a, applications.feePlans(), decisions, blocklists)));
        }
        if (a.allows(CaseAction.SHIP)) {
            add(listen(new ShippingCard(a, fulfilment)));
        }
        applications.shipment(a).ifPresent(s -> add(listen(new ShipmentCard(a, s, justIssued(s), fulfilment))));
        add(listen(new HistoryCard(applications.history(a), audit.of("application", a.getId()))));
    }

    /** The code of this shipment if it was issued in this view just now: shown once. */
    private String justIssued(Shipment s) {
        return issued != null && issued.getSerial().equals(s.getSerial())
                ? issued.issuedCode().orElse(null)
                : null;
    }

    private <C extends CaseCard> C listen(C card) {
        card.addCaseChangedListener(this::changed);
        return card;
    }

    private void changed(CaseChanged e) {
        if (e.issued() != null) {
            issued = e.issued();
        }
        render();
        if (e.message() != null) {
            Notification.show(e.message())
                    .addThemeVariants(e.error() ? NotificationVariant.LUMO_ERROR : NotificationVariant.LUMO_SUCCESS);
            Paragraph p = new Paragraph(e.message());
            p.setId("case-message");
            p.addClassName(e.error() ? "sf-message-error" : "sf-message-ok");
            addComponentAtIndex(1, p);
        }
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.case", id);
    }
}
