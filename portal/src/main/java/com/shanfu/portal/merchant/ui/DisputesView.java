package com.shanfu.portal.merchant.ui;

import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.merchant.Dispute;
import com.shanfu.portal.merchant.Disputes;
import com.shanfu.portal.merchant.Notifications;
import com.shanfu.portal.merchant.Shop;
import com.shanfu.portal.merchant.Shops;
import com.shanfu.portal.ui.MainLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;

/** The shop's disputes and chargeback notices with their state; a dispute is opened from its transaction. */
@Route(value = "merchant/disputes", layout = MainLayout.class)
@RolesAllowed({"merchant", "cashier"})
public class DisputesView extends MerchantPage {

    private final Disputes disputes;

    public DisputesView(Shops shops, Notifications notifications, Disputes disputes) {
        super("merchant.disputes.heading");
        this.disputes = disputes;
        show(shops, notifications);
    }

    @Override
    void build(Shop shop) {
        Grid<Dispute> grid = new Grid<>();
        grid.addColumn(Dispute::getId).setHeader("#").setAutoWidth(true);
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
        grid.addColumn(d -> d.getRespondBy() == null ? "" : Formats.date(d.getRespondBy(), getLocale()))
                .setHeader(getTranslation("dispute.respond-by"))
                .setAutoWidth(true);
        grid.addColumn(d -> Formats.dateTime(d.getUpdatedAt(), getLocale()))
                .setHeader(getTranslation("dispute.updated"))
                .setAutoWidth(true);
        grid.setItems(disputes.mine());
        grid.setAllRowsVisible(true);
        grid.setId("disputes-grid");
        grid.addItemClickListener(e -> getUI().ifPresent(
                        ui -> ui.navigate(DisputeView.class, e.getItem().getId())));
        add(new Paragraph(getTranslation("merchant.disputes.help")), grid);
    }
}
