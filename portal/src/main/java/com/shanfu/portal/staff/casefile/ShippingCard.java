package com.shanfu.portal.staff.casefile;

import com.shanfu.portal.application.Application;
import com.shanfu.portal.application.ApplicationException;
import com.shanfu.portal.application.Couriers;
import com.shanfu.portal.application.Fulfilment;
import com.shanfu.portal.application.Shipment;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.tms.TmsUnavailable;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.textfield.TextField;
import java.util.List;

/** Shipping an approved application: the model, a device from stock (or the oldest), the courier and tracking number. */
public class ShippingCard extends CaseCard {

    public ShippingCard(Application a, Fulfilment fulfilment) {
        super("case.shipping");
        ModelChooser model = new ModelChooser(fulfilment, "ship-model", getTranslation("apply.model"));
        model.setValue(Fulfilment.suggestedModel(a));
        ComboBox<String> device = new ComboBox<>(getTranslation("case.device"));
        device.setId("ship-serial");
        device.setPlaceholder(getTranslation("case.device-oldest"));
        device.setClearButtonVisible(true);
        Runnable loadStock = () -> {
            try {
                device.setItems(model.getValue() == null ? List.of() : fulfilment.stock(model.getValue(), 50));
            } catch (TmsUnavailable e) {
                device.setItems(List.of());
            }
        };
        model.addValueChangeListener(e -> loadStock.run());
        loadStock.run();
        ComboBox<String> courier = new ComboBox<>(getTranslation("status.courier"), Couriers.TRACKING_FORMATS.keySet());
        courier.setId("ship-courier");
        courier.setItemLabelGenerator(c -> getTranslation("courier." + c));
        courier.setValue("SF");
        TextField tracking = new TextField(getTranslation("review.tracking"));
        tracking.setId("ship-tracking");
        tracking.setMaxLength(32);
        Button ship = new Button(getTranslation("review.ship"), e -> {
            try {
                Shipment s = fulfilment.ship(
                        a.getId(),
                        model.getValue(),
                        device.getValue(),
                        courier.getValue(),
                        tracking.getValue(),
                        CurrentUser.require());
                Notification.show(getTranslation(
                                "review.shipped", s.getSerial(), s.issuedCode().orElse("")))
                        .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                issued(s);
            } catch (ApplicationException ex) {
                tracking.setInvalid(true);
                tracking.setErrorMessage(getTranslation(ex.key(), ex.args()));
            }
        });
        ship.setId("ship-confirm");
        ship.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(new FormLayout(model, device, courier, tracking), ship);
    }
}
