package com.shanfu.portal.merchant.ui;

import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.merchant.MerchantMoney;
import com.shanfu.portal.merchant.Notifications;
import com.shanfu.portal.merchant.Shop;
import com.shanfu.portal.merchant.Shops;
import com.shanfu.portal.ui.MainLayout;
import com.shanfu.tms.contract.Batch;
import com.shanfu.tms.contract.BatchStatus;
import com.shanfu.tms.contract.Difference;
import com.shanfu.tms.contract.Payout;
import com.shanfu.tms.contract.PayoutLine;
import com.shanfu.tms.contract.Terms;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;

/** Every batch with its totals and, when unbalanced, each difference; every payout with its lines and where it went. */
@Route(value = "merchant/settlements", layout = MainLayout.class)
@RolesAllowed({"merchant", "cashier"})
public class SettlementsView extends MerchantPage {

    private final MerchantMoney money;

    public SettlementsView(Shops shops, Notifications notifications, MerchantMoney money) {
        super("merchant.settlements.heading");
        this.money = money;
        show(shops, notifications);
    }

    @Override
    void build(Shop shop) {
        Terms terms = money.terms().terms();
        Span account = new Span(terms.settlementAccount() == null ? "-" : terms.settlementAccount());
        account.setId("settlement-account");
        add(new Paragraph(
                new Span(getTranslation("merchant.settlements.account") + ": "),
                account,
                new Span(" · "
                        + getTranslation("merchant.fee.cycle."
                                + terms.settlementCycle().name().toLowerCase()))));
        add(batches(money.batches()), payouts(money.payouts()));
    }

    private Div batches(List<Batch> batches) {
        Div list = new Div();
        list.setId("batches");
        for (Batch b : batches) {
            Span s = new Span("TID " + b.tid() + " · " + getTranslation("merchant.batch") + " "
                    + String.format("%06d", b.batch()) + " · "
                    + getTranslation(b.status() == BatchStatus.CLOSED ? "merchant.settled" : "merchant.open") + " · "
                    + (b.balanced() == null
                            ? ""
                            : getTranslation(b.balanced() ? "merchant.yes" : "merchant.no") + " · ")
                    + getTranslation("merchant.debit") + " " + b.debitCount() + " / "
                    + Formats.money(b.debitTotalFen(), getLocale())
                    + " · " + getTranslation("merchant.kind.refund") + " " + b.creditCount() + " / "
                    + Formats.money(b.creditTotalFen(), getLocale())
                    + " · " + Formats.dateTime(b.openedAt(), getLocale())
                    + (b.closedAt() == null ? "" : " – " + Formats.dateTime(b.closedAt(), getLocale())));
            s.setId("batch-" + b.batch());
            s.getElement().setAttribute("data-status", b.status().name());
            if (Boolean.FALSE.equals(b.balanced())) {
                s.addClassName("sf-error");
            }
            Div row = new Div(s);
            for (Difference d : b.differences() == null ? List.<Difference>of() : b.differences()) {
                Span diff = new Span(getTranslation(
                        "merchant.difference",
                        String.format("%06d", d.stan()),
                        getTranslation(
                                "merchant.difference." + d.reason().name().toLowerCase()),
                        d.hostAmountFen() == null ? "-" : Formats.money(d.hostAmountFen(), getLocale()),
                        d.terminalAmountFen() == null ? "-" : Formats.money(d.terminalAmountFen(), getLocale())));
                diff.addClassName("sf-difference");
                row.add(new Div(diff));
            }
            list.add(row);
        }
        if (batches.isEmpty()) {
            list.add(new Span(getTranslation("merchant.settlements.no-batches")));
        }
        list.addClassName("sf-card");
        return new Div(new H3(getTranslation("merchant.batches")), list);
    }

    private Div payouts(List<Payout> payouts) {
        Grid<Payout> grid = new Grid<>();
        grid.addColumn(p -> Formats.date(p.valueDate(), getLocale()))
                .setHeader(getTranslation("merchant.payout.value-date"))
                .setAutoWidth(true);
        grid.addColumn(p -> Formats.date(p.businessDate(), getLocale()))
                .setHeader(getTranslation("merchant.payout.business-date"))
                .setAutoWidth(true);
        grid.addColumn(p -> Formats.money(p.grossFen(), getLocale()))
                .setHeader(getTranslation("merchant.payout.gross"))
                .setAutoWidth(true);
        grid.addColumn(p -> Formats.money(p.refundsFen(), getLocale()))
                .setHeader(getTranslation("merchant.payout.refunds"))
                .setAutoWidth(true);
        grid.addColumn(p -> Formats.money(p.feeFen(), getLocale()))
                .setHeader(getTranslation("merchant.payout.fees"))
                .setAutoWidth(true);
        grid.addColumn(p -> Formats.money(p.netFen(), getLocale()))
                .setHeader(getTranslation("merchant.payout.net"))
                .setAutoWidth(true);
        grid.addColumn(p -> getTranslation(
                        "merchant.payout.status." + p.status().name().toLowerCase()))
                .setHeader(getTranslation("merchant.batch-status"))
                .setAutoWidth(true);
        grid.setItemDetailsRenderer(
                new ComponentRenderer<>(p -> lines(money.payout(p.id()).lines())));
        grid.setItems(payouts);
        grid.setId("payouts-grid");
        grid.setAllRowsVisible(true);
        return new Div(
                new H3(getTranslation("merchant.payouts")),
                new Paragraph(getTranslation("merchant.payout.help")),
                grid);
    }

    private Grid<PayoutLine> lines(List<PayoutLine> lines) {
        Grid<PayoutLine> g = new Grid<>();
        g.addColumn(l -> getTranslation("merchant.kind." + l.kind().name().toLowerCase()))
                .setHeader(getTranslation("merchant.kind"))
                .setAutoWidth(true);
        g.addColumn(l -> l.cardType() == null
                        ? ""
                        : getTranslation("merchant.card-type." + l.cardType().toLowerCase()))
                .setHeader(getTranslation("merchant.card-type"))
                .setAutoWidth(true);
        g.addColumn(l -> Formats.money(l.amountFen(), getLocale()))
                .setHeader(getTranslation("merchant.amount"))
                .setAutoWidth(true);
        g.addColumn(l -> Formats.money(l.feeFen(), getLocale()))
                .setHeader(getTranslation("merchant.payout.fees"))
                .setAutoWidth(true);
        g.addColumn(l -> Formats.money(l.netFen(), getLocale()))
                .setHeader(getTranslation("merchant.payout.net"))
                .setAutoWidth(true);
        g.setItems(lines);
        g.setAllRowsVisible(true);
        g.addClassName("payout-lines");
        return g;
    }
}
