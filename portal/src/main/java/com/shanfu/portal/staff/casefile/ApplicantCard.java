package com.shanfu.portal.staff.casefile;

import com.shanfu.portal.application.Application;
import com.shanfu.portal.application.ApplicationException;
import com.shanfu.portal.application.CaseAction;
import com.shanfu.portal.application.Decisions;
import com.shanfu.portal.application.MobilePhone;
import com.shanfu.portal.application.PersonalData;
import com.shanfu.portal.security.CurrentUser;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.textfield.TextField;
import java.util.function.Consumer;

/**
 * Who applied, with the personal numbers masked; the staff member working the case may take it and reveal the numbers
 * for a stated reason (both audited).
 */
public class ApplicantCard extends CaseCard {

    private final PersonalData personalData;

    public ApplicantCard(Application a, Decisions decisions, PersonalData personalData) {
        super("case.applicant");
        this.personalData = personalData;
        if (a.getLegalName() == null) {
            add(new Paragraph(getTranslation("case.erased")));
            return;
        }
        Span idNumber = new Span(a.getIdNumberMasked());
        idNumber.setId("case-id-number");
        Span phone = new Span(MobilePhone.format(a.getPhoneMasked(), getLocale()));
        phone.setId("case-phone");
        Span card = new Span(a.getSettlementBank() + " " + a.getSettlementCardMasked());
        card.setId("case-card");
        Button reveal = new Button(
                getTranslation("case.reveal"),
                e -> revealDialog(a, r -> {
                    idNumber.setText(r.idNumber());
                    phone.setText(r.phone());
                    card.setText(a.getSettlementBank() + " " + r.settlementCard());
                    e.getSource().setEnabled(false);
                }));
        reveal.setId("reveal");
        reveal.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_CONTRAST);
        String me = CurrentUser.require().username();
        Span worker = new Span(
                a.getAssignedTo() == null
                        ? getTranslation("case.unassigned")
                        : getTranslation("case.worked-by", a.getAssignedTo()));
        worker.setId("case-worker");
        add(new Paragraph(worker));
        if (a.allows(CaseAction.TAKE_CASE) && !me.equals(a.getAssignedTo())) {
            Button take = new Button(getTranslation("case.take"), e -> {
                try {
                    decisions.takeCase(a.getId(), CurrentUser.require());
                    changed();
                } catch (ApplicationException ex) {
                    refused(ex);
                }
            });
            take.setId("take-case");
            take.addThemeVariants(ButtonVariant.LUMO_SMALL);
            add(take);
        }
        reveal.setVisible(a.allows(CaseAction.REVEAL) && me.equals(a.getAssignedTo()));
        FormLayout f = new FormLayout();
        f.addFormItem(new Span(a.getLegalName()), getTranslation("apply.legal-name"));
        f.addFormItem(idNumber, getTranslation("apply.id-number"));
        f.addFormItem(phone, getTranslation("apply.phone"));
        f.addFormItem(card, getTranslation("apply.settlement-card"));
        f.addFormItem(
                new Span(a.getCreditCardMasked() == null ? "—" : a.getCreditCardBank() + " " + a.getCreditCardMasked()),
                getTranslation("apply.credit-card"));
        f.addFormItem(
                new Span(getTranslation("mcc." + a.getMcc()) + " (" + a.getMcc() + ")"), getTranslation("apply.mcc"));
        f.addFormItem(new Span(a.getCity() + " · " + a.getBusinessAddress()), getTranslation("apply.business-address"));
        f.addFormItem(new Span(a.getShippingAddress()), getTranslation("apply.shipping-address"));
        f.addFormItem(
                new Span(
                        a.getPreferredModel() == null
                                ? getTranslation("apply.model.staff")
                                : getTranslation("model." + a.getPreferredModel())),
                getTranslation("apply.model"));
        if (a.getInfoRequest() != null) {
            f.addFormItem(new Span(a.getInfoRequest()), getTranslation("case.info-question"));
            Span answer =
                    new Span(a.getInfoResponse() == null ? getTranslation("case.info-waiting") : a.getInfoResponse());
            answer.setId("info-answer");
            f.addFormItem(answer, getTranslation("case.info-answer"));
        }
        add(f, reveal);
    }

    /** Asks why the numbers are needed; the reveal and its reason go to the audit log. */
    private void revealDialog(Application a, Consumer<PersonalData.Revealed> shown) {
        Dialog d = new Dialog();
        d.setHeaderTitle(getTranslation("case.reveal"));
        TextField reason = new TextField(getTranslation("case.reveal-reason"));
        reason.setId("reveal-reason");
        reason.setMaxLength(200);
        reason.setWidthFull();
        Span error = new Span();
        error.setId("reveal-error");
        error.addClassName("sf-message-error");
        d.add(reason, error);
        Button confirm = new Button(getTranslation("case.reveal-confirm"), e -> {
            try {
                shown.accept(personalData.reveal(a.getId(), reason.getValue(), CurrentUser.require()));
                d.close();
                Notification.show(getTranslation("case.revealed"));
            } catch (ApplicationException ex) {
                error.setText(getTranslation(ex.key(), ex.args()));
            }
        });
        confirm.setId("reveal-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button(getTranslation("review.cancel"), e -> d.close()), confirm);
        d.open();
    }
}
