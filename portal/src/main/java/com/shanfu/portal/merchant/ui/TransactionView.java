package com.shanfu.portal.merchant.ui;

import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.merchant.Dispute;
import com.shanfu.portal.merchant.Disputes;
import com.shanfu.portal.merchant.MerchantExports;
import com.shanfu.portal.merchant.MerchantMoney;
import com.shanfu.portal.merchant.Notifications;
import com.shanfu.portal.merchant.Shop;
import com.shanfu.portal.merchant.Shops;
import com.shanfu.portal.ui.MainLayout;
import com.shanfu.portal.ui.Refusals;
import com.shanfu.tms.contract.RefundRequest;
import com.shanfu.tms.contract.RefundStatus;
import com.shanfu.tms.contract.Transaction;
import com.shanfu.tms.contract.TransactionDetail;
import com.shanfu.tms.contract.TxnKind;
import com.shanfu.tms.contract.TxnStatus;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import jakarta.annotation.security.RolesAllowed;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * One transaction of the shop: its details, the receipt as a PDF, its refunds and refund requests, and for the owner
 * a refund (never above what is left) and a dispute. Another shop's transaction id shows "not found".
 */
@Route(value = "merchant/transaction", layout = MainLayout.class)
@RolesAllowed({"merchant", "cashier"})
public class TransactionView extends MerchantItemPage {

    private final MerchantMoney money;
    private final MerchantExports exports;
    private final Disputes disputes;
    private String requestRef = MerchantMoney.newRequestRef();
    private com.vaadin.flow.shared.Registration poll;

    public TransactionView(
            Shops shops, Notifications notifications, MerchantMoney money, MerchantExports exports, Disputes disputes) {
        super("merchant.transaction.heading", shops, notifications);
        this.money = money;
        this.exports = exports;
        this.disputes = disputes;
    }

    @Override
    void build(Shop shop) {
        Optional<TransactionDetail> found = money.transaction(id);
        if (found.isEmpty()) {
            Paragraph p = new Paragraph(getTranslation("merchant.transaction.not-found", id));
            p.setId("transaction-not-found");
            add(p);
            return;
        }
        Div content = new Div();
        content.setId("transaction-content");
        addDetachListener(e -> e.getUI().setPollInterval(-1));
        add(content);
        render(shop, content, found.get());
    }

    private void render(Shop shop, Div content, TransactionDetail d) {
        content.removeAll();
        Transaction t = d.transaction();
        Div facts = new Div(
                fact(
                        "merchant.kind",
                        getTranslation("merchant.kind." + t.kind().name().toLowerCase()),
                        "txn-kind"),
                fact("merchant.amount", Formats.money(t.amountFen(), getLocale()), "txn-amount"),
                fact(
                        "merchant.result",
                        getTranslation("merchant.status." + t.status().name().toLowerCase()) + " (" + t.responseCode()
                                + ")",
                        "txn-status"),
                fact("merchant.time", Formats.dateTime(t.createdAt(), getLocale()), "txn-time"),
                fact(
                        "merchant.card",
                        t.panMasked() + " · " + (t.scheme() == null ? "" : t.scheme())
                                + (t.cardType() == null
                                        ? ""
                                        : " "
                                                + getTranslation("merchant.card-type."
                                                        + t.cardType().toLowerCase())),
                        "txn-card"),
                fact(
                        "merchant.terminal",
                        "TID " + t.tid() + " · " + getTranslation("merchant.batch") + " "
                                + String.format("%06d", t.batch()) + " · " + getTranslation("merchant.trace") + " "
                                + String.format("%06d", t.stan()),
                        "txn-terminal"),
                fact(
                        "merchant.rrn",
                        t.rrn()
                                + (t.authCode() == null
                                        ? ""
                                        : " · " + getTranslation("merchant.auth-code") + " " + t.authCode()),
                        "txn-rrn"));
        if (t.kind() == TxnKind.PURCHASE) {
            facts.add(
                    fact("merchant.transaction.refunded", Formats.money(t.refundedFen(), getLocale()), "txn-refunded"),
                    fact(
                            "merchant.transaction.refundable",
                            Formats.money(t.refundableFen(), getLocale()),
                            "txn-refundable"));
        }
        facts.addClassName("sf-card");
        Anchor receipt = new Anchor(
                DownloadHandler.fromInputStream(event -> {
                    byte[] pdf = exports.receipt(id).orElseThrow();
                    return new DownloadResponse(
                            new ByteArrayInputStream(pdf),
                            "receipt-" + t.rrn() + ".pdf",
                            "application/pdf",
                            pdf.length);
                }),
                getTranslation("merchant.transaction.receipt"));
        receipt.setId("receipt-pdf");
        receipt.setTarget("_blank");
        content.add(facts, new Paragraph(receipt));
        if (shop.owner() && t.kind() == TxnKind.PURCHASE && t.status() == TxnStatus.APPROVED) {
            content.add(refundForm(shop, content, t));
        }
        content.add(requests(d.refundRequests()), refunds(d.refunds()));
        if (shop.owner()) {
            content.add(disputeForm(t));
        }
        boolean pending = d.refundRequests().stream().anyMatch(r -> r.status() == RefundStatus.PENDING);
        UI ui = UI.getCurrent();
        if (poll != null) {
            poll.remove();
            poll = null;
        }
        if (ui != null) {
            ui.setPollInterval(pending ? 1000 : -1);
            if (pending) { // the refund's state follows without a reload until the terminal has answered
                poll = ui.addPollListener(e -> money.transaction(id).ifPresent(next -> {
                    if (next.refundRequests().stream().noneMatch(r -> r.status() == RefundStatus.PENDING)) {
                        ui.setPollInterval(-1);
                        render(shop, content, next);
                    }
                }));
            }
        }
    }

    private Div refundForm(Shop shop, Div content, Transaction t) {
        BigDecimalField amount = new BigDecimalField(getTranslation("merchant.refund.amount"));
        amount.setId("refund-amount");
        amount.setValue(BigDecimal.valueOf(t.refundableFen(), 2));
        Span error = new Span();
        error.setId("refund-error");
        error.addClassName("sf-error");
        Button refund = new Button(getTranslation("merchant.refund.submit"), e -> {
            BigDecimal yuan = amount.getValue();
            if (yuan == null || !TransactionsView.whole(yuan) || yuan.signum() <= 0) {
                error.setText(getTranslation("refund.amount-positive"));
                return;
            }
            Refusals.shown(error, () -> {
                money.refund(t.id(), TransactionsView.fen(yuan), requestRef);
                requestRef = MerchantMoney.newRequestRef(); // the next refund is a new one
                render(shop, content, money.transaction(id).orElseThrow());
            });
        });
        refund.setId("refund-submit");
        refund.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout row = new HorizontalLayout(amount, refund);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        Div d = new Div(
                new H3(getTranslation("merchant.refund.heading")),
                new Paragraph(getTranslation("merchant.refund.help")),
                row,
                error);
        d.addClassName("sf-card");
        return d;
    }

    private Div requests(List<RefundRequest> requests) {
        Div d = new Div(new H3(getTranslation("merchant.refund.requests")));
        Div list = new Div();
        list.setId("refund-requests");
        for (RefundRequest r : requests) {
            Span s = new Span(
                    Formats.dateTime(r.createdAt(), getLocale()) + " · " + Formats.money(r.amountFen(), getLocale())
                            + " · "
                            + getTranslation("merchant.refund.status."
                                    + r.status().name().toLowerCase())
                            + (r.reason() == null ? "" : " · " + r.reason()) + " · " + r.requestedBy());
            s.getElement().setAttribute("data-status", r.status().name());
            s.setId("refund-request-" + r.id());
            list.add(new Div(s));
        }
        if (requests.isEmpty()) {
            list.add(new Span(getTranslation("merchant.refund.none")));
        }
        d.add(list);
        return d;
    }

    private Div refunds(List<Transaction> refunds) {
        Grid<Transaction> g = new Grid<>();
        g.addColumn(r -> Formats.dateTime(r.createdAt(), getLocale()))
                .setHeader(getTranslation("merchant.time"))
                .setAutoWidth(true);
        g.addColumn(r -> Formats.money(r.amountFen(), getLocale()))
                .setHeader(getTranslation("merchant.amount"))
                .setAutoWidth(true);
        g.addColumn(r -> getTranslation("merchant.status." + r.status().name().toLowerCase()))
                .setHeader(getTranslation("merchant.result"))
                .setAutoWidth(true);
        g.addColumn(r -> "TID " + r.tid() + " · " + String.format("%06d", r.stan()))
                .setHeader(getTranslation("merchant.trace"))
                .setAutoWidth(true);
        g.addColumn(Transaction::rrn).setHeader(getTranslation("merchant.rrn")).setAutoWidth(true);
        g.setItems(refunds);
        g.setAllRowsVisible(true);
        g.setId("refunds-grid");
        return new Div(new H3(getTranslation("merchant.transaction.refunds")), g);
    }

    private Div disputeForm(Transaction t) {
        ComboBox<String> reason = new ComboBox<>(getTranslation("dispute.reason"));
        reason.setItems(Dispute.REASONS.stream().sorted().toList());
        reason.setItemLabelGenerator(r -> getTranslation("dispute.reason." + r.toLowerCase()));
        reason.setId("dispute-reason");
        TextArea text = new TextArea(getTranslation("dispute.description"));
        text.setMaxLength(Dispute.TEXT_MAX);
        text.setWidthFull();
        text.setId("dispute-description");
        Span error = new Span();
        error.setId("dispute-error");
        error.addClassName("sf-error");
        Button open = new Button(
                getTranslation("dispute.open"),
                e -> Refusals.shown(error, () -> {
                    Dispute d = disputes.open(t.id(), reason.getValue(), text.getValue());
                    getUI().ifPresent(ui -> ui.navigate(DisputeView.class, d.getId()));
                }));
        open.setId("dispute-open");
        Div d = new Div(new H3(getTranslation("dispute.open-heading")), reason, text, open, error);
        d.addClassName("sf-card");
        return d;
    }

    private Paragraph fact(String labelKey, String value, String id) {
        Span v = new Span(value);
        v.setId(id);
        return new Paragraph(new Span(getTranslation(labelKey) + ": "), v);
    }
}
