package com.shanfu.portal.notification.ui;

import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.notification.DevMessageGateway;
import com.shanfu.portal.notification.Outbox;
import com.shanfu.portal.notification.OutboxMessage;
import com.shanfu.portal.ui.MainLayout;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.dom.Element;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;

/**
 * Developer page for admins: the newest SMS and emails in the outbox (a code in them blanked once sent), and what the
 * local run's stand-in phone received. Exists only in the {@code local} profile ({@code shanfu.dev-pages}, which
 * {@code infra/shanfu up} and the tests turn on and the prod profile refuses); elsewhere the route answers "not found".
 */
@Route(value = "dev/outbox", layout = MainLayout.class)
@RolesAllowed("admin")
public class OutboxView extends Div implements BeforeEnterObserver, HasDynamicTitle {

    private final Outbox outbox;
    private final Optional<DevMessageGateway> phone;
    private final boolean enabled;
    private final Div table = new Div();

    public OutboxView(
            Outbox outbox,
            ObjectProvider<DevMessageGateway> phone,
            @Value("${shanfu.dev-pages:false}") boolean enabled) {
        this.outbox = outbox;
        this.phone = Optional.ofNullable(phone.getIfAvailable());
        this.enabled = enabled;
        addClassName("sf-page");
        getStyle().set("max-width", "none");
        Button refresh = new Button(getTranslation("outbox.refresh"), e -> render());
        refresh.setId("outbox-refresh");
        add(new H2(getTranslation("outbox.heading")), new Paragraph(getTranslation("outbox.intro")), refresh, table);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (!enabled) {
            event.rerouteToError(NotFoundException.class);
            return;
        }
        render();
    }

    private void render() {
        Element t = new Element("table");
        t.setAttribute("id", "outbox");
        t.setAttribute("class", "sf-outbox");
        Element head = new Element("tr");
        for (String h : new String[] {
            "outbox.time",
            "outbox.channel",
            "outbox.to",
            "outbox.subject",
            "outbox.text",
            "outbox.status",
            "outbox.carrier",
            "outbox.carrier-id",
            "outbox.attempts",
            "outbox.error"
        }) {
            head.appendChild(new Element("th").setText(getTranslation(h)));
        }
        t.appendChild(head);
        for (OutboxMessage m : outbox.latest(100)) {
            Element row = new Element("tr");
            row.setAttribute("data-channel", m.getChannel().name());
            row.setAttribute("data-status", m.getStatus().name());
            row.appendChild(
                    cell(Formats.dateTime(m.getCreatedAt(), getLocale())),
                    cell(m.getChannel().name()),
                    cell(m.getRecipientMasked()),
                    cell(m.getSubject()),
                    cell(m.getBody()).setAttribute("class", "body"),
                    cell(m.getStatus().name()).setAttribute("class", "status"),
                    cell(m.getCarrier()).setAttribute("class", "carrier"),
                    cell(m.getCarrierId()),
                    cell(String.valueOf(m.getAttempts())),
                    cell(m.getLastError()));
            t.appendChild(row);
        }
        table.getElement().removeAllChildren();
        table.getElement().appendChild(t);
        phone.ifPresent(p -> {
            Element received = new Element("table");
            received.setAttribute("id", "dev-phone");
            received.setAttribute("class", "sf-outbox");
            Element h = new Element("tr");
            for (String k :
                    new String[] {"outbox.time", "outbox.channel", "outbox.to", "outbox.subject", "outbox.text"}) {
                h.appendChild(new Element("th").setText(getTranslation(k)));
            }
            received.appendChild(h);
            p.delivered().stream().limit(100).forEach(d -> {
                Element row = new Element("tr");
                row.setAttribute("data-channel", d.channel().name());
                row.appendChild(
                        cell(Formats.dateTime(d.at(), getLocale())),
                        cell(d.channel().name()),
                        cell(d.to()),
                        cell(d.subject()),
                        cell(d.text()).setAttribute("class", "body"));
                received.appendChild(row);
            });
            table.getElement().appendChild(new Element("h3").setText(getTranslation("outbox.phone")));
            table.getElement().appendChild(received);
        });
    }

    private static Element cell(String text) {
        return new Element("td").setText(text == null ? "" : text);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("outbox.heading");
    }
}
