package com.shanfu.portal.merchant.ui;

import com.shanfu.portal.i18n.ComponentTexts;
import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.merchant.MerchantExports;
import com.shanfu.portal.merchant.MerchantMoney;
import com.shanfu.portal.merchant.Notifications;
import com.shanfu.portal.merchant.Shop;
import com.shanfu.portal.merchant.Shops;
import com.shanfu.portal.tms.TmsTxnFilter;
import com.shanfu.portal.ui.MainLayout;
import com.shanfu.tms.contract.FleetDevice;
import com.shanfu.tms.contract.Transaction;
import com.shanfu.tms.contract.TxnKind;
import com.shanfu.tms.contract.TxnStatus;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import jakarta.annotation.security.RolesAllowed;
import java.math.BigDecimal;
import java.time.LocalDate;

/** The shop's transactions, paged from the TMS, filtered, with CSV exports of what the filter shows. */
@Route(value = "merchant/transactions", layout = MainLayout.class)
@RolesAllowed({"merchant", "cashier"})
public class TransactionsView extends MerchantPage {

    private final MerchantMoney money;
    private final MerchantExports exports;
    private final DatePicker from = new DatePicker();
    private final DatePicker to = new DatePicker();
    private final ComboBox<String> tid = new ComboBox<>();
    private final ComboBox<TxnKind> kind = new ComboBox<>();
    private final ComboBox<TxnStatus> status = new ComboBox<>();
    private final ComboBox<String> cardType = new ComboBox<>();
    private final BigDecimalField min = new BigDecimalField();
    private final BigDecimalField max = new BigDecimalField();
    private final Span filterError = new Span();
    private final Grid<Transaction> grid = new Grid<>();
    private TmsTxnFilter filter = TmsTxnFilter.NONE;

    public TransactionsView(Shops shops, Notifications notifications, MerchantMoney money, MerchantExports exports) {
        super("merchant.transactions.heading");
        this.money = money;
        this.exports = exports;
        show(shops, notifications);
    }

    @Override
    void build(Shop shop) {
        from.setLabel(getTranslation("merchant.filter.from"));
        from.setId("filter-from");
        ComponentTexts.translate(from, this);
        to.setLabel(getTranslation("merchant.filter.to"));
        to.setId("filter-to");
        ComponentTexts.translate(to, this);
        tid.setLabel("TID");
        tid.setItems(money.terminals().stream()
                .map(FleetDevice::tid)
                .filter(java.util.Objects::nonNull)
                .toList());
        tid.setId("filter-tid");
        kind.setLabel(getTranslation("merchant.kind"));
        kind.setItems(TxnKind.values());
        kind.setItemLabelGenerator(
                k -> getTranslation("merchant.kind." + k.name().toLowerCase()));
        kind.setId("filter-kind");
        status.setLabel(getTranslation("merchant.result"));
        status.setItems(TxnStatus.values());
        status.setItemLabelGenerator(
                k -> getTranslation("merchant.status." + k.name().toLowerCase()));
        status.setId("filter-status");
        cardType.setLabel(getTranslation("merchant.card-type"));
        cardType.setItems("DEBIT", "CREDIT");
        cardType.setItemLabelGenerator(k -> getTranslation("merchant.card-type." + k.toLowerCase()));
        cardType.setId("filter-card-type");
        min.setLabel(getTranslation("merchant.filter.min"));
        min.setId("filter-min");
        max.setLabel(getTranslation("merchant.filter.max"));
        max.setId("filter-max");
        for (ComboBox<?> c : java.util.List.<ComboBox<?>>of(tid, kind, status, cardType)) {
            c.setClearButtonVisible(true);
        }
        Button apply = new Button(getTranslation("merchant.filter.apply"), e -> applyFilter());
        apply.setId("filter-apply");
        filterError.setId("filter-error");
        filterError.addClassName("sf-error");
        HorizontalLayout filters = new HorizontalLayout(from, to, tid, kind, status, cardType, min, max, apply);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);

        grid.addColumn(t -> Formats.dateTime(t.createdAt(), getLocale()))
                .setHeader(getTranslation("merchant.time"))
                .setAutoWidth(true);
        grid.addColumn(Transaction::tid).setHeader("TID").setAutoWidth(true);
        grid.addColumn(t -> getTranslation("merchant.kind." + t.kind().name().toLowerCase()))
                .setHeader(getTranslation("merchant.kind"))
                .setAutoWidth(true);
        grid.addColumn(t -> Formats.money(t.amountFen(), getLocale()))
                .setHeader(getTranslation("merchant.amount"))
                .setAutoWidth(true);
        grid.addColumn(Transaction::panMasked)
                .setHeader(getTranslation("merchant.card"))
                .setAutoWidth(true);
        grid.addColumn(t -> (t.scheme() == null ? "" : t.scheme())
                        + (t.cardType() == null
                                ? ""
                                : " "
                                        + getTranslation("merchant.card-type."
                                                + t.cardType().toLowerCase())))
                .setHeader(getTranslation("merchant.scheme"))
                .setAutoWidth(true);
        grid.addColumn(t -> getTranslation(
                                "merchant.status." + t.status().name().toLowerCase()) + " (" + t.responseCode() + ")")
                .setHeader(getTranslation("merchant.result"))
                .setAutoWidth(true);
        grid.addColumn(t -> String.format("%06d", t.batch()))
                .setHeader(getTranslation("merchant.batch"))
                .setAutoWidth(true);
        grid.addColumn(t -> String.format("%06d", t.stan()))
                .setHeader(getTranslation("merchant.trace"))
                .setAutoWidth(true);
        grid.addColumn(Transaction::rrn)
                .setHeader(getTranslation("merchant.rrn"))
                .setAutoWidth(true);
        grid.setItems(q -> money.transactions(filter, q.getPage(), q.getPageSize()).items().stream(), q -> (int)
                Math.min(Integer.MAX_VALUE, money.transactions(filter, 0, 1).total()));
        grid.addItemClickListener(e -> getUI().ifPresent(
                        ui -> ui.navigate(TransactionView.class, e.getItem().id())));
        grid.setId("transactions-grid");
        grid.setHeight("60vh");
        grid.setClassNameGenerator(t -> "txn-" + t.id());

        Anchor csv = export("merchant.export.csv", false, "export-csv");
        Anchor excel = export("merchant.export.excel", true, "export-excel");
        add(filters, filterError, new Div(csv, new Span(" · "), excel), grid);
    }

    private Anchor export(String key, boolean excel, String id) {
        Anchor a = new Anchor(
                (DownloadHandler)
                        event -> { // streamed as the TMS is read: memory does not grow with the rows
                            event.setFileName("shanfu-transactions" + (excel ? "-excel" : "") + ".csv");
                            event.setContentType("text/csv; charset=UTF-8");
                            exports.csv(filter, excel, event.getOutputStream());
                        },
                getTranslation(key));
        a.setId(id);
        return a;
    }

    private void applyFilter() {
        LocalDate f = from.getValue();
        LocalDate t = to.getValue();
        if (!whole(min.getValue()) || !whole(max.getValue())) {
            filterError.setText(getTranslation("merchant.filter.amount-fen"));
            return;
        }
        Long minFen = fen(min.getValue());
        Long maxFen = fen(max.getValue());
        if (f != null && t != null && t.isBefore(f)) {
            filterError.setText(getTranslation("merchant.filter.dates-reversed"));
            return;
        }
        if ((minFen != null && minFen < 0) || (maxFen != null && maxFen < 0)) {
            filterError.setText(getTranslation("merchant.filter.amount-negative"));
            return;
        }
        if (minFen != null && maxFen != null && maxFen < minFen) {
            filterError.setText(getTranslation("merchant.filter.amounts-reversed"));
            return;
        }
        filterError.setText("");
        filter = new TmsTxnFilter(
                f, t, tid.getValue(), kind.getValue(), status.getValue(), cardType.getValue(), minFen, maxFen);
        grid.getDataProvider().refreshAll();
    }

    /** An amount in yuan with at most two decimals (fen), below a billion yuan. */
    static boolean whole(BigDecimal yuan) {
        return yuan == null
                || (yuan.stripTrailingZeros().scale() <= 2
                        && yuan.abs().compareTo(BigDecimal.valueOf(1_000_000_000)) < 0);
    }

    static Long fen(BigDecimal yuan) {
        return yuan == null ? null : yuan.movePointRight(2).longValueExact();
    }
}
