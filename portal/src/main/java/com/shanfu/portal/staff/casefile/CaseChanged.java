package com.shanfu.portal.staff.casefile;

import com.shanfu.portal.application.Shipment;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentEvent;

/**
 * A card of the case changed the case: the page reads it again. It may carry what to tell the staff member (a message,
 * an error) and the shipment whose activation code was just issued (shown once, kept only by the page).
 */
public class CaseChanged extends ComponentEvent<Component> {

    private final String message;
    private final boolean error;
    private final Shipment issued;

    CaseChanged(Component source, String message, boolean error, Shipment issued) {
        super(source, false);
        this.message = message;
        this.error = error;
        this.issued = issued;
    }

    /** What to show on the page after reading the case again; null for nothing. */
    public String message() {
        return message;
    }

    public boolean error() {
        return error;
    }

    /** The shipment whose activation code was issued by this change, if any. */
    public Shipment issued() {
        return issued;
    }
}
