package com.shanfu.portal.merchant.ui;

import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.merchant.DashboardCharts;
import com.shanfu.portal.merchant.MerchantMoney;
import com.shanfu.portal.merchant.Notifications;
import com.shanfu.portal.merchant.Shop;
import com.shanfu.portal.merchant.Shops;
import com.shanfu.portal.ui.MainLayout;
import com.shanfu.tms.contract.Figures;
import com.shanfu.tms.contract.FleetDevice;
import com.shanfu.tms.contract.Payout;
import com.shanfu.tms.contract.PayoutStatus;
import com.shanfu.tms.contract.Summary;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/** The money dashboard: today and this month, daily takings and card types, the next payout, terminal health. */
@Route(value = "merchant", layout = MainLayout.class)
@RolesAllowed({"merchant", "cashier"})
public class DashboardView extends MerchantPage {

    private final MerchantMoney money;

    public DashboardView(Shops shops, Notifications notifications, MerchantMoney money) {
        super("merchant.dashboard.heading");
        this.money = money;
        show(shops, notifications);
    }

    @Override
    void build(Shop shop) {
        Summary s = money.summary();
        Div cards = new Div(
                period("today", getTranslation("merchant.dashboard.today"), s.today()),
                period("month", getTranslation("merchant.dashboard.month"), s.month()),
                nextPayout(money.payouts()));
        cards.addClassName("sf-cards");
        Div charts = new Div(
                chart(
                        "chart-daily",
                        DashboardCharts.dailyTakings(
                                s.last30Days(),
                                getTranslation("merchant.dashboard.chart.daily"),
                                getTranslation("merchant.dashboard.chart.yuan"))),
                chart(
                        "chart-card-types",
                        DashboardCharts.cardTypes(
                                s.cardTypes(),
                                getTranslation("merchant.dashboard.chart.card-types"),
                                c -> (c.scheme() == null ? "" : scheme(c.scheme()) + " ")
                                        + (c.cardType() == null
                                                ? ""
                                                : getTranslation("merchant.card-type."
                                                        + c.cardType().toLowerCase())))));
        charts.addClassName("sf-charts");
        add(cards, charts, new H3(getTranslation("merchant.dashboard.terminals")), terminals(money.terminals()));
    }

    /** The card scheme as people call it (银联 for UnionPay); an unknown one as the TMS names it. */
    private String scheme(String code) {
        String key = "merchant.scheme." + code.toLowerCase();
        String text = getTranslation(key);
        return text.startsWith("!{") ? code : text;
    }

    private Div period(String id, String title, Figures f) {
        Div d = new Div(
                new H3(title),
                row("merchant.dashboard.takings", figure(id + "-takings", Formats.money(f.salesFen(), getLocale()))),
                row("merchant.dashboard.count", figure(id + "-count", String.valueOf(f.saleCount()))),
                row(
                        "merchant.dashboard.average",
                        figure(id + "-average", Formats.money(f.averageTicketFen(), getLocale()))),
                row("merchant.dashboard.refunds", figure(id + "-refunds", Formats.money(f.refundsFen(), getLocale()))),
                row("merchant.dashboard.fees", figure(id + "-fees", Formats.money(f.feesFen(), getLocale()))),
                row("merchant.dashboard.net", figure(id + "-net", Formats.money(f.netFen(), getLocale()))));
        d.addClassName("sf-card");
        d.setId("figures-" + id);
        return d;
    }

    private Paragraph row(String key, Span value) {
        return new Paragraph(new Span(getTranslation(key) + ": "), value);
    }

    private Div nextPayout(List<Payout> payouts) {
        Div d = new Div(new H3(getTranslation("merchant.dashboard.next-payout")));
        d.addClassName("sf-card");
        List<Payout> scheduled = payouts.stream()
                .filter(p -> p.status() == PayoutStatus.SCHEDULED)
                .toList();
        if (scheduled.isEmpty()) {
            d.add(new Paragraph(getTranslation("merchant.dashboard.no-payout")));
            return d;
        }
        LocalDate next = scheduled.stream()
                .map(Payout::valueDate)
                .min(Comparator.naturalOrder())
                .orElseThrow();
        long amount = scheduled.stream()
                .filter(p -> p.valueDate().equals(next))
                .mapToLong(Payout::netFen)
                .sum();
        Span date = figure("next-payout-date", Formats.date(next, getLocale()));
        d.add(
                new Paragraph(new Span(getTranslation("merchant.dashboard.payout-date") + ": "), date),
                new Paragraph(
                        new Span(getTranslation("merchant.dashboard.payout-amount") + ": "),
                        figure("next-payout", Formats.money(amount, getLocale()))));
        return d;
    }

    private Div chart(String id, String svg) {
        Div d = new Div(new Html("<div>" + svg + "</div>"));
        d.setId(id);
        d.addClassName("sf-chart");
        return d;
    }

    private Grid<FleetDevice> terminals(List<FleetDevice> devices) {
        Grid<FleetDevice> g = new Grid<>();
        g.addColumn(FleetDevice::tid).setHeader("TID").setAutoWidth(true);
        g.addColumn(d -> d.serial() + " · " + d.model())
                .setHeader(getTranslation("merchant.terminal"))
                .setAutoWidth(true);
        g.addColumn(d -> getTranslation("device.status." + d.status().name().toLowerCase()))
                .setHeader(getTranslation("merchant.batch-status"))
                .setAutoWidth(true);
        g.addColumn(d -> d.lastSeenAt() == null ? "-" : Formats.dateTime(d.lastSeenAt(), getLocale()))
                .setHeader(getTranslation("merchant.dashboard.last-seen"))
                .setAutoWidth(true);
        g.addColumn(d -> getTranslation(
                        d.lastSeenAt() == null
                                ? "merchant.dashboard.never"
                                : d.silent() ? "merchant.dashboard.offline" : "merchant.dashboard.online"))
                .setHeader(getTranslation("merchant.dashboard.health"))
                .setAutoWidth(true);
        g.addColumn(d -> d.batteryPercent() == null ? "-" : d.batteryPercent() + "%")
                .setHeader(getTranslation("merchant.dashboard.battery"))
                .setAutoWidth(true);
        g.addColumn(d -> d.paperPresent() == null
                        ? "-"
                        : getTranslation(
                                d.paperPresent() ? "merchant.dashboard.paper-ok" : "merchant.dashboard.paper-out"))
                .setHeader(getTranslation("merchant.dashboard.paper"))
                .setAutoWidth(true);
        g.setItems(devices);
        g.setAllRowsVisible(true);
        g.setId("terminals");
        return g;
    }
}
