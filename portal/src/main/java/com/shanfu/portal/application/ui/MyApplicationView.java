package com.shanfu.portal.application.ui;

import com.shanfu.portal.application.Application;
import com.shanfu.portal.application.ApplicationEvent;
import com.shanfu.portal.application.ApplicationService;
import com.shanfu.portal.application.MobilePhone;
import com.shanfu.portal.application.Shipment;
import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.ui.MainLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;

/** The applicant's status page: current state with reason, history with timestamps, and the shipped terminal. */
@Route(value = "my-application", layout = MainLayout.class)
@RolesAllowed("applicant")
public class MyApplicationView extends Div implements HasDynamicTitle {

    public MyApplicationView(ApplicationService applications) {
        addClassName("sf-page");
        add(new H2(getTranslation("status.heading")));
        List<Application> mine = applications.mine(CurrentUser.require());
        if (mine.isEmpty()) {
            add(new Paragraph(getTranslation("status.none")), new RouterLink(getTranslation("home.apply"), ApplyView.class));
            return;
        }
        Application a = mine.get(0);
        Span number = new Span(String.valueOf(a.getId()));
        number.setId("application-id");
        Span status = new Span(getTranslation(a.getStatus().messageKey()));
        status.setId("application-status");
        status.addClassName("sf-status");
        Div summary = new Div(new Paragraph(new Span(getTranslation("status.number") + ": "), number),
                new Paragraph(new Span(getTranslation("status.current") + ": "), status));
        summary.add(new Paragraph(a.getLegalName() + " · " + a.getIdNumberMasked() + " · "
                + MobilePhone.format(a.getPhone(), getLocale()) + " · " + a.getSettlementBank() + " " + a.getSettlementCardMasked()));
        if (a.getRejectReason() != null) {
            Span reason = new Span(getTranslation("status.reason") + ": " + a.getRejectReason());
            reason.setId("reject-reason-text");
            summary.add(reason);
        }
        summary.addClassName("sf-card");
        add(summary);

        applications.shipment(a).ifPresent(this::shipment);

        UnorderedList history = new UnorderedList();
        for (ApplicationEvent e : applications.history(a)) {
            history.add(new ListItem(Formats.dateTime(e.getAt(), getLocale()) + " — " + getTranslation(e.getStatus().messageKey())));
        }
        Div h = new Div(new H3(getTranslation("status.history")), history);
        h.addClassName("sf-card");
        h.getStyle().set("margin-top", "var(--lumo-space-m)");
        add(h);
    }

    private void shipment(Shipment s) {
        Span serial = new Span(s.getSerial());
        serial.setId("shipment-serial");
        Span code = new Span(s.getActivationCode());
        code.setId("activation-code");
        code.addClassName("sf-code");
        Div d = new Div(new H3(getTranslation("status.shipment")),
                new Paragraph(new Span(getTranslation("status.serial") + ": "), serial),
                new Paragraph(getTranslation("status.model") + ": " + s.getModel() + " · " + getTranslation("status.tid") + ": " + s.getTid()),
                new Paragraph(new Span(getTranslation("status.activation-code") + ": "), code),
                new Paragraph(getTranslation("status.activation-expires") + ": " + Formats.dateTime(s.getActivationExpiresAt(), getLocale())),
                new Paragraph(getTranslation("status.activation-help")));
        d.addClassName("sf-card");
        d.getStyle().set("margin-top", "var(--lumo-space-m)");
        add(d);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.my-application");
    }
}
