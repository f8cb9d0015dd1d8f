package com.shanfu.portal.staff.casefile;

import com.shanfu.portal.application.Application;
import com.shanfu.portal.application.ContactLog;
import com.shanfu.portal.application.Decisions;
import com.shanfu.portal.application.Fulfilment;
import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.security.CurrentUser;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextArea;

/** The calls to the applicant, newest first, and the form to log one with the model staff recommend. */
public class ContactLogCard extends CaseCard {

    public ContactLogCard(Application a, Decisions decisions, Fulfilment fulfilment) {
        super("case.contacts");
        Grid<ContactLog> g = new Grid<>();
        g.addColumn(c -> Formats.dateTime(c.getAt(), getLocale()))
                .setHeader(getTranslation("case.at"))
                .setAutoWidth(true);
        g.addColumn(ContactLog::getStaff)
                .setHeader(getTranslation("case.staff"))
                .setAutoWidth(true);
        g.addColumn(c -> getTranslation(
                        "contact." + c.getOutcome().name().toLowerCase().replace('_', '-')))
                .setHeader(getTranslation("case.outcome"))
                .setAutoWidth(true);
        g.addColumn(c -> c.getRecommendedModel() == null ? "" : c.getRecommendedModel())
                .setHeader(getTranslation("case.recommended"))
                .setAutoWidth(true);
        g.addColumn(ContactLog::getNotes)
                .setHeader(getTranslation("case.notes"))
                .setFlexGrow(1);
        g.setItems(decisions.contacts(a.getId()));
        g.setAllRowsVisible(true);
        g.setId("contact-log");

        ComboBox<ContactLog.Outcome> outcome =
                new ComboBox<>(getTranslation("case.outcome"), ContactLog.Outcome.values());
        outcome.setItemLabelGenerator(
                o -> getTranslation("contact." + o.name().toLowerCase().replace('_', '-')));
        outcome.setId("contact-outcome");
        ModelChooser model = new ModelChooser(fulfilment, "contact-model", getTranslation("case.recommended"));
        model.setValue(a.getRecommendedModel() != null ? a.getRecommendedModel() : a.getPreferredModel());
        TextArea notes = new TextArea(getTranslation("case.notes"));
        notes.setMaxLength(1000);
        notes.setWidthFull();
        notes.setId("contact-notes");
        Button save = new Button(
                getTranslation("case.log-call"),
                e -> act(() -> {
                    decisions.recordContact(
                            a.getId(), outcome.getValue(), notes.getValue(), model.getValue(), CurrentUser.require());
                    return getTranslation("case.call-logged");
                }));
        save.setId("contact-save");
        HorizontalLayout form = new HorizontalLayout(outcome, model, save);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        form.setWrap(true);
        add(g, form, notes);
    }
}
