package com.shanfu.portal.merchant.ui;

import com.shanfu.portal.application.ApplicationException;
import com.shanfu.portal.i18n.ComponentTexts;
import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.merchant.Dispute;
import com.shanfu.portal.merchant.DisputeEvidence;
import com.shanfu.portal.merchant.Disputes;
import com.shanfu.portal.merchant.Evidence;
import com.shanfu.portal.merchant.Notifications;
import com.shanfu.portal.merchant.Shop;
import com.shanfu.portal.merchant.Shops;
import com.shanfu.portal.ui.MainLayout;
import com.shanfu.portal.ui.Refusals;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import com.vaadin.flow.server.streams.UploadHandler;
import jakarta.annotation.security.RolesAllowed;
import java.io.ByteArrayInputStream;

/** One of the shop's disputes: what it is about, its state, the answer, and the evidence files (upload and download). */
@Route(value = "merchant/dispute", layout = MainLayout.class)
@RolesAllowed({"merchant", "cashier"})
public class DisputeView extends MerchantItemPage {

    private final Disputes disputes;
    private final Div content = new Div();
    private final Span uploadResult = new Span();

    public DisputeView(Shops shops, Notifications notifications, Disputes disputes) {
        super("merchant.dispute.heading", shops, notifications);
        this.disputes = disputes;
    }

    @Override
    void build(Shop shop) {
        content.setId("dispute-content");
        uploadResult.setId("evidence-result");
        add(content, uploadResult);
        render(shop);
    }

    private void render(Shop shop) {
        content.removeAll();
        var found = disputes.mine(id);
        if (found.isEmpty()) {
            Paragraph p = new Paragraph(getTranslation("merchant.dispute.not-found", id));
            p.setId("dispute-not-found");
            content.add(p);
            return;
        }
        Dispute d = found.get().dispute();
        Span status =
                new Span(getTranslation("dispute.status." + d.getStatus().name().toLowerCase()));
        status.setId("dispute-status");
        status.getElement().setAttribute("data-status", d.getStatus().name());
        Div facts = new Div(
                new Paragraph("#" + d.getId() + " · "
                        + getTranslation("dispute.kind." + d.getKind().name().toLowerCase()) + " · "
                        + getTranslation("dispute.reason." + d.getReason().toLowerCase())),
                new Paragraph(getTranslation("dispute.transaction") + ": " + d.getTxnSummary()),
                new Paragraph(new Span(getTranslation("merchant.batch-status") + ": "), status),
                new Paragraph(getTranslation("dispute.description") + ": " + d.getDescription()));
        if (d.getRespondBy() != null) {
            facts.add(new Paragraph(
                    getTranslation("dispute.respond-by") + ": " + Formats.date(d.getRespondBy(), getLocale())));
        }
        if (d.getAnswer() != null) {
            facts.add(new Paragraph(getTranslation("dispute.answer") + ": " + d.getAnswer()));
        }
        if (d.getDecisionNote() != null) {
            Paragraph decision = new Paragraph(getTranslation("dispute.decision") + ": " + d.getDecisionNote());
            decision.setId("dispute-decision");
            facts.add(decision);
        }
        facts.addClassName("sf-card");
        content.add(facts, evidenceList(found.get()));
        boolean open = d.getStatus() == Dispute.Status.OPEN || d.getStatus() == Dispute.Status.ANSWERED;
        if (shop.owner() && open) {
            content.add(answerForm(shop, d), uploadForm(shop));
        }
    }

    private Div evidenceList(Disputes.WithEvidence w) {
        Div list = new Div();
        list.setId("evidence-list");
        for (DisputeEvidence e : w.evidence()) {
            Anchor a = new Anchor(
                    DownloadHandler.fromInputStream(event -> {
                        DisputeEvidence file = disputes.myEvidence(e.getId()).orElseThrow();
                        return new DownloadResponse(
                                new ByteArrayInputStream(file.getContent()),
                                file.getFilename(),
                                file.getContentType(),
                                file.getSizeBytes());
                    }),
                    e.getFilename());
            a.setId("evidence-" + e.getId());
            list.add(new Div(
                    a,
                    new Span(" · " + (e.getSizeBytes() / 1024 + 1) + " KB · " + e.getUploadedBy() + " · "
                            + Formats.dateTime(e.getUploadedAt(), getLocale()))));
        }
        if (w.evidence().isEmpty()) {
            list.add(new Span(getTranslation("dispute.evidence.none")));
        }
        return new Div(new H3(getTranslation("dispute.evidence")), list);
    }

    private Div answerForm(Shop shop, Dispute d) {
        TextArea answer = new TextArea(
                getTranslation(d.getKind() == Dispute.Kind.CHARGEBACK ? "dispute.answer" : "dispute.more"));
        answer.setMaxLength(Dispute.TEXT_MAX);
        answer.setWidthFull();
        answer.setId("dispute-answer");
        Span error = new Span();
        error.setId("dispute-answer-error");
        error.addClassName("sf-error");
        Button send = new Button(
                getTranslation("dispute.send"),
                e -> Refusals.shown(error, () -> {
                    disputes.answer(id, answer.getValue());
                    render(shop);
                }));
        send.setId("dispute-answer-send");
        return new Div(answer, send, error);
    }

    private Div uploadForm(Shop shop) {
        Upload upload = new Upload(UploadHandler.inMemory((meta, bytes) -> {
            UI ui = UI.getCurrent();
            String text;
            boolean added;
            try {
                disputes.addEvidence(id, meta.fileName(), bytes);
                text = getTranslation("dispute.evidence.added", meta.fileName());
                added = true;
            } catch (ApplicationException ex) {
                text = getTranslation(ex.key(), ex.args());
                added = false;
            }
            String message = text;
            boolean refresh = added;
            ui.access(() -> {
                if (refresh) {
                    render(shop);
                }
                uploadResult.setText(message);
                uploadResult.getElement().setAttribute("data-ok", String.valueOf(refresh));
            });
        }));
        ComponentTexts.translate(upload, this);
        upload.setAcceptedFileTypes("application/pdf", ".pdf", "image/jpeg", ".jpg", ".jpeg", "image/png", ".png");
        upload.setMaxFileSize(Evidence.MAX_BYTES);
        upload.setId("evidence-upload");
        return new Div(
                new Paragraph(getTranslation(
                        "dispute.evidence.help", Evidence.MAX_BYTES / (1024 * 1024), Evidence.MAX_FILES)),
                upload);
    }
}
