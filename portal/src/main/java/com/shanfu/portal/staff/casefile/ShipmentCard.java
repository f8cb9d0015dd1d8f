package com.shanfu.portal.staff.casefile;

import com.shanfu.portal.application.Application;
import com.shanfu.portal.application.ApplicationException;
import com.shanfu.portal.application.CaseAction;
import com.shanfu.portal.application.Couriers;
import com.shanfu.portal.application.Fulfilment;
import com.shanfu.portal.application.Shipment;
import com.shanfu.portal.security.CurrentUser;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import java.io.ByteArrayInputStream;

/**
 * The device on its way or in use. The activation code is shown once, right after it was issued ({@code justIssued}),
 * with the packing slip that carries it; afterwards only a new code can be issued. Delivery and a replacement device
 * are decided here too.
 */
public class ShipmentCard extends CaseCard {

    private final Fulfilment fulfilment;

    public ShipmentCard(Application a, Shipment s, String justIssued, Fulfilment fulfilment) {
        super("case.shipment");
        this.fulfilment = fulfilment;
        Span serial = new Span(s.getSerial());
        serial.setId("shipment-serial");
        add(new Paragraph(
                new Span(getTranslation("status.serial") + ": "),
                serial,
                new Span(" · " + s.getModel() + " · TID " + s.getTid())));
        if (justIssued != null) {
            Span code = new Span(justIssued);
            code.setId("shipment-code");
            Anchor slip = new Anchor(
                    DownloadHandler.fromInputStream(event -> {
                        byte[] pdf = fulfilment.packingSlip(a.getId(), justIssued, CurrentUser.require());
                        return new DownloadResponse(
                                new ByteArrayInputStream(pdf),
                                "packing-slip-" + a.getId() + ".pdf",
                                "application/pdf",
                                pdf.length);
                    }),
                    getTranslation("case.packing-slip"));
            slip.setId("packing-slip");
            slip.setTarget("_blank");
            Span once = new Span(getTranslation("case.code-once"));
            once.setId("code-once");
            add(
                    new Paragraph(new Span(getTranslation("status.activation-code") + ": "), code),
                    new Paragraph(once),
                    slip);
        } else {
            Span kept = new Span(getTranslation("case.code-not-kept"));
            kept.setId("code-not-kept");
            Button reissue = new Button(getTranslation("case.reissue-code"), e -> {
                try {
                    Shipment next = fulfilment.reissueActivationCode(a.getId(), CurrentUser.require());
                    Notification.show(getTranslation("case.code-reissued"))
                            .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                    issued(next);
                } catch (ApplicationException ex) {
                    refused(ex);
                }
            });
            reissue.setId("reissue-code");
            reissue.setVisible(a.allows(CaseAction.REISSUE_CODE));
            add(new Paragraph(kept), reissue);
        }
        add(new Paragraph(getTranslation("status.courier") + ": " + getTranslation("courier." + s.getCourier()) + " "
                + s.getTrackingNumber()));
        Button replace = new Button(getTranslation("case.replace"), e -> replaceDialog(a));
        replace.setId("replace-device");
        replace.setVisible(a.allows(CaseAction.REPLACE_DEVICE));
        replace.addThemeVariants(ButtonVariant.LUMO_CONTRAST, ButtonVariant.LUMO_TERTIARY);
        add(replace);
        if (a.allows(CaseAction.DELIVER)) {
            Button delivered = new Button(
                    getTranslation("review.deliver"),
                    e -> act(() -> {
                        fulfilment.delivered(a.getId(), CurrentUser.require());
                        return getTranslation("review.delivered");
                    }));
            delivered.setId("deliver");
            add(delivered);
        }
    }

    /** Swap the device: why, and how the replacement travels. */
    private void replaceDialog(Application a) {
        Dialog d = new Dialog();
        d.setHeaderTitle(getTranslation("case.replace") + " #" + a.getId());
        TextField reason = new TextField(getTranslation("case.replace-reason"));
        reason.setId("replace-reason");
        reason.setMaxLength(200);
        ComboBox<String> courier = new ComboBox<>(getTranslation("status.courier"), Couriers.TRACKING_FORMATS.keySet());
        courier.setItemLabelGenerator(c -> getTranslation("courier." + c));
        courier.setValue("SF");
        TextField tracking = new TextField(getTranslation("review.tracking"));
        tracking.setId("replace-tracking");
        d.add(new FormLayout(reason, courier, tracking));
        Paragraph error = new Paragraph();
        error.addClassName("sf-message-error");
        error.setId("replace-error");
        d.add(error);
        Button confirm = new Button(getTranslation("review.confirm"), e -> {
            try {
                Shipment s = fulfilment.replaceDevice(
                        a.getId(), reason.getValue(), courier.getValue(), tracking.getValue(), CurrentUser.require());
                d.close();
                Notification.show(getTranslation("case.replaced", s.getSerial()))
                        .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                issued(s);
            } catch (ApplicationException ex) {
                error.setText(getTranslation(ex.key(), ex.args()));
            }
        });
        confirm.setId("replace-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button(getTranslation("review.cancel"), e -> d.close()), confirm);
        d.open();
    }
}
