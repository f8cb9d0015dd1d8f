package com.shanfu.portal.staff;

import com.shanfu.portal.application.ApplicationException;
import com.shanfu.portal.application.ApplicationQueries;
import com.shanfu.portal.application.FeePlan;
import com.shanfu.portal.i18n.ComponentTexts;
import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.merchant.Dispute;
import com.shanfu.portal.merchant.DisputeEvidence;
import com.shanfu.portal.merchant.Disputes;
import com.shanfu.portal.merchant.FeePlanChange;
import com.shanfu.portal.merchant.FeePlanChanges;
import com.shanfu.portal.ui.MainLayout;
import com.shanfu.portal.ui.Refusals;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import jakarta.annotation.security.RolesAllowed;
import java.io.ByteArrayInputStream;

/**
 * Staff's dispute desk: undecided disputes with their evidence, the decision (audited, told to the shop), chargeback
 * notices registered for a shop's transaction, and fee plan changes announced 30 days ahead.
 */
@Route(value = "staff/disputes", layout = MainLayout.class)
@RolesAllowed({"staff", "admin"})
public class DisputeQueueView extends Div implements HasDynamicTitle {

    private final Disputes disputes;
    private final Grid<Dispute> grid = new Grid<>();
    private final Div detail = new Div();
    private final Checkbox undecided = new Checkbox();

    public DisputeQueueView(Disputes disputes, FeePlanChanges feeChanges, ApplicationQueries applications) {
        this.disputes = disputes;
        addClassName("sf-page");
        undecided.setLabel(getTranslation("staff.disputes.undecided"));
        undecided.setValue(true);
        undecided.addValueChangeListener(e -> load());
        grid.addColumn(Dispute::getId).setHeader("#").setAutoWidth(true);
        grid.addColumn(Dispute::getMid).setHeader("MID").setAutoWidth(true);
        grid.addColumn(d -> getTranslation("dispute.kind." + d.getKind().name().toLowerCase()))
                .setHeader(getTranslation("merchant.kind"))
                .setAutoWidth(true);
        grid.addColumn(d -> getTranslation("dispute.reason." + d.getReason().toLowerCase()))
                .setHeader(getTranslation("dispute.reason"))
                .setAutoWidth(true);
        grid.addColumn(Dispute::getTxnSummary)
                .setHeader(getTranslation("dispute.transaction"))
                .setAutoWidth(true);
        grid.addColumn(d ->
                        getTranslation("dispute.status." + d.getStatus().name().toLowerCase()))
                .setHeader(getTranslation("merchant.batch-status"))
                .setAutoWidth(true);
        grid.addColumn(d -> Formats.dateTime(d.getCreatedAt(), getLocale()))
                .setHeader(getTranslation("dispute.updated"))
                .setAutoWidth(true);
        grid.setAllRowsVisible(true);
        grid.setId("staff-disputes");
        grid.addItemClickListener(e -> show(e.getItem().getId()));
        detail.setId("staff-dispute-detail");
        add(
                new H2(getTranslation("staff.disputes.heading")),
                undecided,
                grid,
                detail,
                chargebackForm(),
                feePlanForm(feeChanges, applications));
        load();
    }

    private void load() {
        grid.setItems(disputes.queue(undecided.getValue()));
    }

    private void show(long id) {
        detail.removeAll();
        var w = disputes.any(id).orElseThrow();
        Dispute d = w.dispute();
        detail.addClassName("sf-card");
        detail.add(
                new H3("#" + d.getId() + " · MID " + d.getMid()),
                new Paragraph(d.getTxnSummary()),
                new Paragraph(getTranslation("dispute.description") + ": " + d.getDescription()));
        if (d.getAnswer() != null) {
            detail.add(new Paragraph(getTranslation("dispute.answer") + ": " + d.getAnswer()));
        }
        for (DisputeEvidence e : w.evidence()) {
            Anchor a = new Anchor(
                    DownloadHandler.fromInputStream(event -> {
                        DisputeEvidence file = disputes.anyEvidence(e.getId()).orElseThrow();
                        return new DownloadResponse(
                                new ByteArrayInputStream(file.getContent()),
                                file.getFilename(),
                                file.getContentType(),
                                file.getSizeBytes());
                    }),
                    e.getFilename() + " (" + e.getContentType() + ", " + e.getSizeBytes() + " B, SHA-256 "
                            + e.getSha256().substring(0, 12) + "…)");
            a.setId("staff-evidence-" + e.getId());
            detail.add(new Div(a));
        }
        if (d.getStatus() == Dispute.Status.OPEN || d.getStatus() == Dispute.Status.ANSWERED) {
            TextArea note = new TextArea(getTranslation("dispute.decision"));
            note.setWidthFull();
            note.setId("decision-note");
            Span error = new Span();
            error.setId("decision-error");
            Button won = new Button(
                    getTranslation("staff.disputes.won"), e -> decide(d.getId(), true, note.getValue(), error));
            won.setId("decide-won");
            won.addThemeVariants(ButtonVariant.LUMO_SUCCESS);
            Button lost = new Button(
                    getTranslation("staff.disputes.lost"), e -> decide(d.getId(), false, note.getValue(), error));
            lost.setId("decide-lost");
            lost.addThemeVariants(ButtonVariant.LUMO_ERROR);
            detail.add(note, won, lost, error);
        } else {
            detail.add(new Paragraph(
                    getTranslation("dispute.status." + d.getStatus().name().toLowerCase()) + " · " + d.getDecidedBy()
                            + " · " + d.getDecisionNote()));
        }
    }

    private void decide(long id, boolean won, String note, Span error) {
        Refusals.shown(error, () -> {
            disputes.decide(id, won, note);
            load();
            show(id);
        });
    }

    private Div chargebackForm() {
        TextField mid = new TextField("MID");
        mid.setId("chargeback-mid");
        TextField txn = new TextField(getTranslation("staff.disputes.txn-id"));
        txn.setId("chargeback-txn");
        ComboBox<String> reason = new ComboBox<>(getTranslation("dispute.reason"));
        reason.setItems(Dispute.REASONS.stream().sorted().toList());
        reason.setItemLabelGenerator(r -> getTranslation("dispute.reason." + r.toLowerCase()));
        reason.setId("chargeback-reason");
        TextArea text = new TextArea(getTranslation("dispute.description"));
        text.setId("chargeback-text");
        DatePicker respondBy = ComponentTexts.translate(new DatePicker(getTranslation("dispute.respond-by")), this);
        respondBy.setId("chargeback-respond-by");
        Span result = new Span();
        result.setId("chargeback-result");
        Button register = new Button(
                getTranslation("staff.disputes.register"),
                e -> Refusals.shown(result, () -> {
                    if (!txn.getValue().strip().matches("\\d{1,18}")) {
                        throw new ApplicationException("dispute.unknown-transaction");
                    }
                    Dispute d = disputes.registerChargeback(
                            mid.getValue().strip(),
                            Long.parseLong(txn.getValue().strip()),
                            reason.getValue(),
                            text.getValue(),
                            respondBy.getValue());
                    result.setText(getTranslation("staff.disputes.registered", d.getId()));
                    load();
                }));
        register.setId("chargeback-register");
        Div d = new Div(
                new H3(getTranslation("staff.disputes.chargeback")),
                mid,
                txn,
                reason,
                text,
                respondBy,
                register,
                result);
        d.addClassName("sf-card");
        return d;
    }

    private Div feePlanForm(FeePlanChanges feeChanges, ApplicationQueries applications) {
        TextField mid = new TextField("MID");
        mid.setId("fee-change-mid");
        ComboBox<FeePlan> plan = new ComboBox<>(getTranslation("case.fee-plan"));
        plan.setItems(applications.feePlans());
        plan.setItemLabelGenerator(p -> p.name(getLocale().getLanguage().equals("zh")) + " · "
                + FeePlan.percent(p.getDebitRateBp()) + " / " + FeePlan.percent(p.getCreditRateBp()));
        plan.setId("fee-change-plan");
        DatePicker effective =
                ComponentTexts.translate(new DatePicker(getTranslation("staff.fee-change.effective")), this);
        effective.setId("fee-change-effective");
        Span result = new Span();
        result.setId("fee-change-result");
        Button announce = new Button(
                getTranslation("staff.fee-change.announce"),
                e -> Refusals.shown(result, () -> {
                    FeePlanChange c = feeChanges.announce(
                            mid.getValue().strip(),
                            plan.getValue() == null ? null : plan.getValue().getCode(),
                            effective.getValue());
                    result.setText(getTranslation(
                            "staff.fee-change.announced", c.getMid(), Formats.date(c.getEffectiveOn(), getLocale())));
                }));
        announce.setId("fee-change-announce");
        Div d = new Div(
                new H3(getTranslation("staff.fee-change.heading")),
                new Paragraph(getTranslation("staff.fee-change.help", FeePlanChange.NOTICE_DAYS)),
                mid,
                plan,
                effective,
                announce,
                result);
        d.addClassName("sf-card");
        return d;
    }

    @Override
    public String getPageTitle() {
        return getTranslation("staff.disputes.heading");
    }
}
