package com.shanfu.portal.staff;

import com.shanfu.portal.application.Application;
import com.shanfu.portal.application.ApplicationEvent;
import com.shanfu.portal.application.ApplicationException;
import com.shanfu.portal.application.ApplicationForm;
import com.shanfu.portal.application.ApplicationService;
import com.shanfu.portal.application.ApplicationStatus;
import com.shanfu.portal.application.ContactLog;
import com.shanfu.portal.application.Couriers;
import com.shanfu.portal.application.FeePlan;
import com.shanfu.portal.application.KycCheck;
import com.shanfu.portal.application.MobilePhone;
import com.shanfu.portal.application.Shipment;
import com.shanfu.portal.audit.Audit;
import com.shanfu.portal.audit.AuditEntry;
import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.tms.TmsClient;
import com.shanfu.portal.ui.MainLayout;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import jakarta.annotation.security.RolesAllowed;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.web.client.RestClientException;

/**
 * Staff: one application as a case — the risk outcome and every automatic check, the applicant's data masked unless
 * revealed (audited), the contact log with the model recommendation, the decision (four-eyes above the score),
 * shipping with the packing slip, and the audit trail of the case.
 */
@Route(value = "staff/case", layout = MainLayout.class)
@RolesAllowed("staff")
public class CaseView extends Div implements HasUrlParameter<Long>, HasDynamicTitle {

    private final ApplicationService applications;
    private final TmsClient tms;
    private final Audit audit;
    private long id;
    /** The activation code just issued in this view, shown once and kept only here (the portal does not store it). */
    private Shipment issued;

    public CaseView(ApplicationService applications, TmsClient tms, Audit audit) {
        this.applications = applications;
        this.tms = tms;
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
        add(card("case.risk", risk(a)));
        add(card("case.applicant", applicant(a)));
        add(card("case.checks", checks(a)));
        add(card("case.contacts", contacts(a)));
        if (a.getStatus() == ApplicationStatus.AWAITING_CALL || a.getStatus() == ApplicationStatus.INFO_REQUESTED
                || a.getStatus() == ApplicationStatus.VERIFYING) {
            add(card("case.decision", decision(a)));
        }
        if (a.getStatus() == ApplicationStatus.APPROVED) {
            add(card("case.shipping", shipping(a)));
        }
        applications.shipment(a).ifPresent(s -> add(card("case.shipment", shipment(a, s))));
        add(card("case.history", history(a)));
    }

    private Component risk(Application a) {
        Div d = new Div();
        if (a.getRiskScore() == null) {
            d.add(new Paragraph(getTranslation("case.risk.pending")));
            return d;
        }
        Span score = new Span(String.valueOf(a.getRiskScore()));
        score.setId("risk-score");
        d.add(new Paragraph(new Span(getTranslation("case.risk.score") + ": "), score,
                new Span(" · " + getTranslation("case.risk.decision." + a.getRiskDecision().toLowerCase().replace('_', '-'))
                        + " · " + getTranslation("case.risk.version", a.getRuleVersion()))),
                new Paragraph(getTranslation("case.risk.rules") + ": " + (a.getRiskRules() == null || a.getRiskRules().isEmpty()
                        ? "—" : a.getRiskRules())));
        if (applications.needsTwoApprovals(a)) {
            Paragraph p = new Paragraph(a.getFirstApprover() == null
                    ? getTranslation("case.four-eyes", applications.fourEyesScore())
                    : getTranslation("case.four-eyes.first", a.getFirstApprover(),
                    Formats.dateTime(a.getFirstApprovedAt(), getLocale())));
            p.setId("four-eyes-note");
            p.addClassName("sf-message-error");
            d.add(p);
        }
        return d;
    }

    private Component applicant(Application a) {
        Div d = new Div();
        if (a.getLegalName() == null) {
            d.add(new Paragraph(getTranslation("case.erased")));
            return d;
        }
        Span idNumber = new Span(a.getIdNumberMasked());
        idNumber.setId("case-id-number");
        Span phone = new Span(MobilePhone.format(a.getPhoneMasked(), getLocale()));
        phone.setId("case-phone");
        Span card = new Span(a.getSettlementBank() + " " + a.getSettlementCardMasked());
        card.setId("case-card");
        Button reveal = new Button(getTranslation("case.reveal"), e -> revealDialog(a, r -> {
            idNumber.setText(r.idNumber());
            phone.setText(r.phone());
            card.setText(a.getSettlementBank() + " " + r.settlementCard());
            e.getSource().setEnabled(false);
        }));
        reveal.setId("reveal");
        reveal.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_CONTRAST);
        String me = CurrentUser.require().username();
        Span worker = new Span(a.getAssignedTo() == null ? getTranslation("case.unassigned")
                : getTranslation("case.worked-by", a.getAssignedTo()));
        worker.setId("case-worker");
        d.add(new Paragraph(worker));
        if (a.getStatus().open() && !me.equals(a.getAssignedTo())) {
            Button take = new Button(getTranslation("case.take"), e -> {
                try {
                    applications.takeCase(a.getId(), CurrentUser.require());
                    render();
                } catch (ApplicationException ex) {
                    Notification.show(getTranslation(ex.key(), ex.args())).addThemeVariants(NotificationVariant.LUMO_ERROR);
                }
            });
            take.setId("take-case");
            take.addThemeVariants(ButtonVariant.LUMO_SMALL);
            d.add(take);
        }
        reveal.setVisible(a.getStatus().open() && me.equals(a.getAssignedTo()));
        FormLayout f = new FormLayout();
        f.addFormItem(new Span(a.getLegalName()), getTranslation("apply.legal-name"));
        f.addFormItem(idNumber, getTranslation("apply.id-number"));
        f.addFormItem(phone, getTranslation("apply.phone"));
        f.addFormItem(card, getTranslation("apply.settlement-card"));
        f.addFormItem(new Span(a.getCreditCardMasked() == null ? "—" : a.getCreditCardBank() + " " + a.getCreditCardMasked()),
                getTranslation("apply.credit-card"));
        f.addFormItem(new Span(getTranslation("mcc." + a.getMcc()) + " (" + a.getMcc() + ")"), getTranslation("apply.mcc"));
        f.addFormItem(new Span(a.getCity() + " · " + a.getBusinessAddress()), getTranslation("apply.business-address"));
        f.addFormItem(new Span(a.getShippingAddress()), getTranslation("apply.shipping-address"));
        f.addFormItem(new Span(a.getPreferredModel() == null ? getTranslation("apply.model.staff")
                : getTranslation("model." + a.getPreferredModel())), getTranslation("apply.model"));
        if (a.getInfoRequest() != null) {
            f.addFormItem(new Span(a.getInfoRequest()), getTranslation("case.info-question"));
            Span answer = new Span(a.getInfoResponse() == null ? getTranslation("case.info-waiting") : a.getInfoResponse());
            answer.setId("info-answer");
            f.addFormItem(answer, getTranslation("case.info-answer"));
        }
        d.add(f, reveal);
        return d;
    }

    /** Asks why the numbers are needed; the reveal and its reason go to the audit log. */
    private void revealDialog(Application a, java.util.function.Consumer<ApplicationService.Revealed> shown) {
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
                shown.accept(applications.reveal(a.getId(), reason.getValue(), CurrentUser.require()));
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

    private Component checks(Application a) {
        Grid<KycCheck> g = new Grid<>();
        g.addColumn(c -> getTranslation("check." + c.getKind().name().toLowerCase().replace('_', '-')))
                .setHeader(getTranslation("case.check")).setAutoWidth(true);
        g.addColumn(c -> getTranslation("check.outcome." + c.getOutcome().name().toLowerCase()))
                .setHeader(getTranslation("case.outcome")).setAutoWidth(true);
        g.addColumn(KycCheck::getDetail).setHeader(getTranslation("case.detail")).setFlexGrow(1);
        g.addColumn(c -> Formats.dateTime(c.getAt(), getLocale())).setHeader(getTranslation("case.at")).setAutoWidth(true);
        g.setItems(applications.checks(a));
        g.setAllRowsVisible(true);
        g.setId("checks");
        return g;
    }

    private Component contacts(Application a) {
        Div d = new Div();
        Grid<ContactLog> g = new Grid<>();
        g.addColumn(c -> Formats.dateTime(c.getAt(), getLocale())).setHeader(getTranslation("case.at")).setAutoWidth(true);
        g.addColumn(ContactLog::getStaff).setHeader(getTranslation("case.staff")).setAutoWidth(true);
        g.addColumn(c -> getTranslation("contact." + c.getOutcome().name().toLowerCase().replace('_', '-')))
                .setHeader(getTranslation("case.outcome")).setAutoWidth(true);
        g.addColumn(c -> c.getRecommendedModel() == null ? "" : c.getRecommendedModel())
                .setHeader(getTranslation("case.recommended")).setAutoWidth(true);
        g.addColumn(ContactLog::getNotes).setHeader(getTranslation("case.notes")).setFlexGrow(1);
        g.setItems(applications.contacts(a.getId()));
        g.setAllRowsVisible(true);
        g.setId("contact-log");

        ComboBox<ContactLog.Outcome> outcome = new ComboBox<>(getTranslation("case.outcome"), ContactLog.Outcome.values());
        outcome.setItemLabelGenerator(o -> getTranslation("contact." + o.name().toLowerCase().replace('_', '-')));
        outcome.setId("contact-outcome");
        ComboBox<String> model = modelChooser("contact-model", getTranslation("case.recommended"));
        model.setValue(a.getRecommendedModel() != null ? a.getRecommendedModel() : a.getPreferredModel());
        TextArea notes = new TextArea(getTranslation("case.notes"));
        notes.setMaxLength(1000);
        notes.setWidthFull();
        notes.setId("contact-notes");
        Button save = new Button(getTranslation("case.log-call"), e -> act(() -> {
            applications.recordContact(a.getId(), outcome.getValue(), notes.getValue(), model.getValue(), CurrentUser.require());
            return getTranslation("case.call-logged");
        }));
        save.setId("contact-save");
        HorizontalLayout form = new HorizontalLayout(outcome, model, save);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        form.setWrap(true);
        d.add(g, form, notes);
        return d;
    }

    /** The TMS catalogue with stock, connectivity, printer and price; offline it still offers the model codes. */
    private ComboBox<String> modelChooser(String id, String label) {
        ComboBox<String> model = new ComboBox<>(label);
        model.setId(id);
        model.setWidth("28em");
        try {
            List<TmsClient.Model> catalogue = tms.models();
            model.setItems(catalogue.stream().map(TmsClient.Model::code).toList());
            model.setItemLabelGenerator(code -> catalogue.stream().filter(m -> m.code().equals(code)).findFirst()
                    .map(m -> getTranslation("case.model-line", m.code(), m.connectivity(),
                            getTranslation(m.printer() ? "case.printer" : "case.no-printer"),
                            Formats.money(m.priceFen(), getLocale()), m.inStock()))
                    .orElse(code));
        } catch (RestClientException e) {
            model.setItems(ApplicationForm.MODELS);
            model.setHelperText(getTranslation("case.tms-offline"));
        }
        return model;
    }

    private Component decision(Application a) {
        HorizontalLayout l = new HorizontalLayout();
        l.setAlignItems(FlexComponent.Alignment.BASELINE);
        l.setWrap(true);
        if (a.getStatus() == ApplicationStatus.AWAITING_CALL) {
            List<FeePlan> plans = applications.feePlans();
            ComboBox<FeePlan> plan = new ComboBox<>(getTranslation("case.fee-plan"), plans);
            boolean zh = "zh".equals(getLocale().getLanguage());
            plan.setItemLabelGenerator(p -> p.name(zh) + " — " + getTranslation("case.fee-plan-line",
                    FeePlan.percent(p.getDebitRateBp()), p.getDebitCapFen() == null ? "—" : Formats.money(p.getDebitCapFen(), getLocale()),
                    FeePlan.percent(p.getCreditRateBp())));
            plan.setWidth("30em");
            plan.setId("fee-plan");
            plans.stream().filter(p -> p.getCode().equals(FeePlan.forMcc(a.getMcc()))).findFirst().ifPresent(plan::setValue);
            Button approve = new Button(getTranslation("review.approve"), e -> act(() -> {
                ApplicationService.Approval done = applications.approve(a.getId(),
                        plan.getValue() == null ? null : plan.getValue().getCode(), CurrentUser.require());
                return getTranslation(done == ApplicationService.Approval.APPROVED ? "case.approved" : "case.approved-first");
            }));
            approve.setId("approve");
            approve.addThemeVariants(ButtonVariant.LUMO_SUCCESS, ButtonVariant.LUMO_PRIMARY);
            approve.setDisableOnClick(true);
            Button ask = new Button(getTranslation("case.request-info"), e -> textDialog("case.request-info",
                    "case.info-question", "info-question", 500, text -> {
                        applications.requestInfo(a.getId(), text, CurrentUser.require());
                        return getTranslation("case.info-requested");
                    }));
            ask.setId("request-info");
            l.add(plan, approve, ask);
        }
        Button reject = new Button(getTranslation("review.reject"), e -> textDialog("review.reject", "review.reject-reason",
                "reject-reason", Application.REASON_MAX, text -> {
                    applications.reject(a.getId(), text, CurrentUser.require());
                    return getTranslation("review.rejected");
                }));
        reject.setId("reject");
        reject.addThemeVariants(ButtonVariant.LUMO_ERROR);
        Button bar = new Button(getTranslation("case.blocklist"), e -> textDialog("case.blocklist", "case.blocklist-reason",
                "blocklist-reason", 200, text -> {
                    applications.blocklist(a.getId(), text, CurrentUser.require());
                    return getTranslation("case.blocklisted");
                }));
        bar.setId("blocklist");
        bar.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        l.add(reject, bar);
        return l;
    }

    private Component shipping(Application a) {
        ComboBox<String> model = modelChooser("ship-model", getTranslation("apply.model"));
        String suggested = a.getRecommendedModel() != null ? a.getRecommendedModel()
                : a.getPreferredModel() != null ? a.getPreferredModel() : ApplicationService.DEFAULT_MODEL;
        model.setValue(suggested);
        ComboBox<String> device = new ComboBox<>(getTranslation("case.device"));
        device.setId("ship-serial");
        device.setPlaceholder(getTranslation("case.device-oldest"));
        device.setClearButtonVisible(true);
        Runnable loadStock = () -> {
            try {
                device.setItems(model.getValue() == null ? List.of()
                        : tms.stock(model.getValue(), 50).stream().map(TmsClient.Device::serial).toList());
            } catch (RestClientException e) {
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
                Shipment s = applications.ship(a.getId(), model.getValue(), device.getValue(), courier.getValue(),
                        tracking.getValue(), CurrentUser.require());
                issued = s;
                Notification.show(getTranslation("review.shipped", s.getSerial(), s.issuedCode().orElse("")))
                        .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                render();
            } catch (ApplicationException ex) {
                tracking.setInvalid(true);
                tracking.setErrorMessage(getTranslation(ex.key(), ex.args()));
            }
        });
        ship.setId("ship-confirm");
        ship.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        FormLayout f = new FormLayout(model, device, courier, tracking);
        return new Div(f, ship);
    }

    private Component shipment(Application a, Shipment s) {
        Span serial = new Span(s.getSerial());
        serial.setId("shipment-serial");
        Div d = new Div(new Paragraph(new Span(getTranslation("status.serial") + ": "), serial,
                        new Span(" · " + s.getModel() + " · TID " + s.getTid())));
        String justIssued = issued != null && issued.getSerial().equals(s.getSerial())
                ? issued.issuedCode().orElse(null) : null;
        if (justIssued != null) {
            Span code = new Span(justIssued);
            code.setId("shipment-code");
            Anchor slip = new Anchor(DownloadHandler.fromInputStream(event -> {
                byte[] pdf = applications.packingSlip(a.getId(), justIssued, CurrentUser.require());
                return new DownloadResponse(new ByteArrayInputStream(pdf), "packing-slip-" + a.getId() + ".pdf",
                        "application/pdf", pdf.length);
            }), getTranslation("case.packing-slip"));
            slip.setId("packing-slip");
            slip.setTarget("_blank");
            Span once = new Span(getTranslation("case.code-once"));
            once.setId("code-once");
            d.add(new Paragraph(new Span(getTranslation("status.activation-code") + ": "), code), new Paragraph(once), slip);
        } else {
            Span kept = new Span(getTranslation("case.code-not-kept"));
            kept.setId("code-not-kept");
            Button reissue = new Button(getTranslation("case.reissue-code"), e -> {
                try {
                    issued = applications.reissueActivationCode(a.getId(), CurrentUser.require());
                    Notification.show(getTranslation("case.code-reissued")).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                    render();
                } catch (ApplicationException ex) {
                    Notification.show(getTranslation(ex.key(), ex.args())).addThemeVariants(NotificationVariant.LUMO_ERROR);
                }
            });
            reissue.setId("reissue-code");
            d.add(new Paragraph(kept), reissue);
        }
        d.add(new Paragraph(getTranslation("status.courier") + ": " + getTranslation("courier." + s.getCourier()) + " "
                + s.getTrackingNumber()));
        Button replace = new Button(getTranslation("case.replace"), e -> replaceDialog(a));
        replace.setId("replace-device");
        replace.addThemeVariants(ButtonVariant.LUMO_CONTRAST, ButtonVariant.LUMO_TERTIARY);
        d.add(replace);
        if (a.getStatus() == ApplicationStatus.SHIPPED) {
            Button delivered = new Button(getTranslation("review.deliver"), e -> act(() -> {
                applications.delivered(a.getId(), CurrentUser.require());
                return getTranslation("review.delivered");
            }));
            delivered.setId("deliver");
            d.add(delivered);
        }
        return d;
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
                Shipment s = applications.replaceDevice(a.getId(), reason.getValue(), courier.getValue(), tracking.getValue(),
                        CurrentUser.require());
                issued = s;
                d.close();
                Notification.show(getTranslation("case.replaced", s.getSerial())).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                render();
            } catch (ApplicationException ex) {
                error.setText(getTranslation(ex.key(), ex.args()));
            }
        });
        confirm.setId("replace-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button(getTranslation("review.cancel"), e -> d.close()), confirm);
        d.open();
    }

    private Component history(Application a) {
        Grid<ApplicationEvent> events = new Grid<>();
        events.addColumn(e -> Formats.dateTime(e.getAt(), getLocale())).setHeader(getTranslation("case.at")).setAutoWidth(true);
        events.addColumn(e -> getTranslation(e.getStatus().messageKey())).setHeader(getTranslation("review.status")).setAutoWidth(true);
        events.addColumn(ApplicationEvent::getNote).setHeader(getTranslation("case.notes")).setFlexGrow(1);
        events.setItems(applications.history(a));
        events.setAllRowsVisible(true);
        Grid<AuditEntry> trail = new Grid<>();
        trail.addColumn(e -> Formats.dateTime(e.getAt(), getLocale())).setHeader(getTranslation("case.at")).setAutoWidth(true);
        trail.addColumn(AuditEntry::getActor).setHeader(getTranslation("case.staff")).setAutoWidth(true);
        trail.addColumn(AuditEntry::getAction).setHeader(getTranslation("audit.action")).setAutoWidth(true);
        trail.setItems(audit.of("application", a.getId()));
        trail.setAllRowsVisible(true);
        trail.setId("case-audit");
        return new Div(events, new H3(getTranslation("case.audit")), trail);
    }

    private void textDialog(String titleKey, String labelKey, String fieldId, int max,
                            java.util.function.Function<String, String> work) {
        Dialog d = new Dialog();
        d.setHeaderTitle(getTranslation(titleKey) + " #" + id);
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
                render();
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

    private void act(Supplier<String> work) {
        try {
            String done = work.get();
            Notification n = Notification.show(done);
            n.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            render();
            Paragraph p = new Paragraph(done);
            p.setId("case-message");
            p.addClassName("sf-message-ok");
            addComponentAtIndex(1, p);
        } catch (ApplicationException e) {
            String text = getTranslation(e.key(), e.args());
            Notification.show(text).addThemeVariants(NotificationVariant.LUMO_ERROR);
            render();
            Paragraph p = new Paragraph(text);
            p.setId("case-message");
            p.addClassName("sf-message-error");
            addComponentAtIndex(1, p);
        }
    }

    private Div card(String titleKey, Component content) {
        Div d = new Div(new H3(getTranslation(titleKey)), content);
        d.addClassName("sf-card");
        d.getStyle().set("margin-top", "var(--lumo-space-m)");
        return d;
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.case", id);
    }
}
