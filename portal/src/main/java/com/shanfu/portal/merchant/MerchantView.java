package com.shanfu.portal.merchant;

import com.shanfu.portal.application.Application;
import com.shanfu.portal.application.ApplicationService;
import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.tms.TmsClient;
import com.shanfu.portal.ui.MainLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import java.util.Optional;
import org.springframework.web.client.RestClientException;

/** The merchant's own transactions and settlement batches, read from the TMS for the merchant's MID only. */
@Route(value = "merchant", layout = MainLayout.class)
@RolesAllowed("merchant")
public class MerchantView extends Div implements HasDynamicTitle {

    public MerchantView(ApplicationService applications, TmsClient tms) {
        addClassName("sf-page");
        add(new H2(getTranslation("merchant.heading")));
        Optional<Application> merchant = applications.merchantApplication(CurrentUser.require());
        if (merchant.isEmpty()) {
            add(new Paragraph(getTranslation("merchant.none")));
            return;
        }
        String mid = merchant.get().getMerchantMid();
        Span midSpan = new Span(mid);
        midSpan.setId("merchant-mid");
        add(new Div(new Span(getTranslation("merchant.name") + ": " + merchant.get().getLegalName() + " · "
                + getTranslation("merchant.mid") + ": "), midSpan));
        try {
            List<TmsClient.Transaction> txns = tms.transactions(mid, 0, 100).items();
            List<TmsClient.Batch> batches = tms.batches(mid);
            add(summary(txns), transactions(txns), batches(batches), payouts(tms.payouts(mid)));
        } catch (RestClientException e) {
            add(new Paragraph(getTranslation("merchant.tms-unavailable")));
        }
    }

    private Div summary(List<TmsClient.Transaction> txns) {
        // sales still standing (not voided or reversed), less refunds: what the merchant actually took
        List<TmsClient.Transaction> sales = txns.stream()
                .filter(t -> "PURCHASE".equals(t.kind()) && "APPROVED".equals(t.status())).toList();
        long refunds = txns.stream().filter(t -> "REFUND".equals(t.kind()) && "APPROVED".equals(t.status()))
                .mapToLong(TmsClient.Transaction::amountFen).sum();
        Span count = new Span(String.valueOf(sales.size()));
        count.setId("txn-count");
        count.addClassName("sf-figure");
        Span total = new Span(Formats.money(sales.stream().mapToLong(TmsClient.Transaction::amountFen).sum() - refunds,
                getLocale()));
        total.setId("txn-total");
        total.addClassName("sf-figure");
        Div d = new Div(new Paragraph(new Span(getTranslation("merchant.txn-count") + ": "), count),
                new Paragraph(new Span(getTranslation("merchant.txn-total") + ": "), total));
        d.addClassName("sf-card");
        return d;
    }

    private Div transactions(List<TmsClient.Transaction> txns) {
        Grid<TmsClient.Transaction> grid = new Grid<>();
        grid.addColumn(t -> Formats.dateTime(t.createdAt(), getLocale())).setHeader(getTranslation("merchant.time")).setAutoWidth(true);
        grid.addColumn(t -> getTranslation("merchant.kind." + t.kind().toLowerCase())).setHeader(getTranslation("merchant.kind"))
                .setAutoWidth(true);
        grid.addColumn(t -> Formats.money(t.amountFen(), getLocale())).setHeader(getTranslation("merchant.amount")).setAutoWidth(true);
        grid.addColumn(TmsClient.Transaction::panMasked).setHeader(getTranslation("merchant.card")).setAutoWidth(true);
        grid.addColumn(TmsClient.Transaction::scheme).setHeader(getTranslation("merchant.scheme")).setAutoWidth(true);
        grid.addColumn(t -> getTranslation("merchant.status." + t.status().toLowerCase()) + " (" + t.responseCode() + ")").setHeader(getTranslation("merchant.result")).setAutoWidth(true);
        grid.addColumn(t -> String.format("%06d", t.batch())).setHeader(getTranslation("merchant.batch")).setAutoWidth(true);
        grid.addColumn(t -> String.format("%06d", t.stan())).setHeader(getTranslation("merchant.trace")).setAutoWidth(true);
        grid.addColumn(TmsClient.Transaction::rrn).setHeader(getTranslation("merchant.rrn")).setAutoWidth(true);
        grid.setItems(txns);
        grid.setId("transactions-grid");
        grid.setAllRowsVisible(true);
        return new Div(new H3(getTranslation("merchant.transactions")), grid);
    }

    private Div batches(List<TmsClient.Batch> batches) {
        Div list = new Div();
        list.setId("batches");
        for (TmsClient.Batch b : batches) {
            Span s = new Span(String.format("%06d", b.batch()) + " · "
                    + getTranslation("CLOSED".equals(b.status()) ? "merchant.settled" : "merchant.open") + " · "
                    + (b.balanced() == null ? "" : getTranslation(b.balanced() ? "merchant.yes" : "merchant.no") + " · ")
                    + getTranslation("merchant.debit") + " " + b.debitCount() + " / " + Formats.money(b.debitTotalFen(), getLocale())
                    + " · " + Formats.dateTime(b.openedAt(), getLocale())
                    + (b.closedAt() == null ? "" : " – " + Formats.dateTime(b.closedAt(), getLocale())));
            s.setId("batch-" + b.batch());
            s.getElement().setAttribute("data-status", b.status());
            Div row = new Div(s);
            for (TmsClient.Difference d : b.differences() == null ? List.<TmsClient.Difference>of() : b.differences()) {
                Span diff = new Span(getTranslation("merchant.difference", String.format("%06d", d.stan()),
                        getTranslation("merchant.difference." + d.reason().toLowerCase()),
                        d.hostAmountFen() == null ? "-" : Formats.money(d.hostAmountFen(), getLocale()),
                        d.terminalAmountFen() == null ? "-" : Formats.money(d.terminalAmountFen(), getLocale())));
                diff.addClassName("sf-difference");
                row.add(new Div(diff));
            }
            list.add(row);
        }
        list.addClassName("sf-card");
        return new Div(new H3(getTranslation("merchant.batches")), list);
    }

    private Div payouts(List<TmsClient.Payout> payouts) {
        Grid<TmsClient.Payout> grid = new Grid<>();
        grid.addColumn(p -> Formats.date(p.valueDate(), getLocale())).setHeader(getTranslation("merchant.payout.value-date")).setAutoWidth(true);
        grid.addColumn(p -> Formats.money(p.grossFen(), getLocale())).setHeader(getTranslation("merchant.payout.gross")).setAutoWidth(true);
        grid.addColumn(p -> Formats.money(p.refundsFen(), getLocale())).setHeader(getTranslation("merchant.payout.refunds")).setAutoWidth(true);
        grid.addColumn(p -> Formats.money(p.feeFen(), getLocale())).setHeader(getTranslation("merchant.payout.fees")).setAutoWidth(true);
        grid.addColumn(p -> Formats.money(p.netFen(), getLocale())).setHeader(getTranslation("merchant.payout.net")).setAutoWidth(true);
        grid.addColumn(p -> getTranslation("merchant.payout.status." + p.status().toLowerCase())).setHeader(getTranslation("merchant.batch-status")).setAutoWidth(true);
        grid.setItems(payouts);
        grid.setId("payouts-grid");
        grid.setAllRowsVisible(true);
        Div section = new Div(new H3(getTranslation("merchant.payouts")));
        List<TmsClient.Payout> scheduled = payouts.stream().filter(p -> "SCHEDULED".equals(p.status())).toList();
        if (!scheduled.isEmpty()) {
            java.time.LocalDate next = scheduled.stream().map(TmsClient.Payout::valueDate).min(java.util.Comparator.naturalOrder()).orElseThrow();
            Span amount = new Span(Formats.money(scheduled.stream().filter(p -> p.valueDate().equals(next))
                    .mapToLong(TmsClient.Payout::netFen).sum(), getLocale()));
            amount.setId("next-payout");
            amount.addClassName("sf-figure");
            section.add(new Paragraph(new Span(getTranslation("merchant.payout.next", Formats.date(next, getLocale())) + ": "), amount));
        }
        section.add(grid);
        return section;
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.merchant");
    }
}
