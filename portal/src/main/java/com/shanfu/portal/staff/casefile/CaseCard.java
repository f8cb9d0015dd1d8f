package com.shanfu.portal.staff.casefile;

import com.shanfu.portal.application.ApplicationException;
import com.shanfu.portal.application.Shipment;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.shared.Registration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One section of a case: a titled card that asks a service and tells the page by {@link CaseChanged} when the case
 * changed. Refusals ({@link ApplicationException}) are shown where they happened.
 */
public abstract class CaseCard extends Div {

    CaseCard(String titleKey) {
        add(new H3(getTranslation(titleKey)));
        addClassName("sf-card");
        getStyle().set("margin-top", "var(--lumo-space-m)");
    }

    public Registration addCaseChangedListener(ComponentEventListener<CaseChanged> listener) {
        return addListener(CaseChanged.class, listener);
    }

    /** The case changed; the page reads it again. */
    void changed() {
        fireEvent(new CaseChanged(this, null, false, null));
    }

    /** The case changed and an activation code was issued with this shipment. */
    void issued(Shipment shipment) {
        fireEvent(new CaseChanged(this, null, false, shipment));
    }

    /** Runs a decision; its outcome, done or refused, is told on the page, which reads the case again. */
    void act(Supplier<String> work) {
        try {
            fireEvent(new CaseChanged(this, work.get(), false, null));
        } catch (ApplicationException e) {
            fireEvent(new CaseChanged(this, getTranslation(e.key(), e.args()), true, null));
        }
    }

    void refused(ApplicationException e) {
        Notification.show(getTranslation(e.key(), e.args())).addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    /** A decision that needs words (a reason, a question): asked in a dialog, refused there. */
    void textDialog(
            long applicationId,
            String titleKey,
            String labelKey,
            String fieldId,
            int max,
            Function<String, String> work) {
        Dialog d = new Dialog();
        d.setHeaderTitle(getTranslation(titleKey) + " #" + applicationId);
        TextArea text = new TextArea(getTranslation(labelKey));
        text.setId(fieldId);
        text.setMaxLength(max);
        text.setWidth("28em");
        d.add(text);
        Button confirm = new Button(getTranslation("review.confirm"), e -> {
            try {
                String done = work.apply(text.getValue());
                d.close();
                Notification.show(done).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                changed();
            } catch (ApplicationException ex) {
                text.setInvalid(true);
                text.setErrorMessage(getTranslation(ex.key(), ex.args()));
            }
        });
        confirm.setId(fieldId + "-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button(getTranslation("review.cancel"), e -> d.close()), confirm);
        d.open();
    }
}
