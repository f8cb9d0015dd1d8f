package com.shanfu.portal.merchant.ui;

import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.merchant.MerchantExports;
import com.shanfu.portal.tms.TmsUnavailable;
import com.shanfu.portal.ui.MainLayout;
import com.shanfu.tms.contract.Receipt;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import java.io.ByteArrayInputStream;

/**
 * The e-receipt a printed receipt's QR code opens, for the cardholder, without signing in: the link's token is 128
 * random bits the host gave the terminal, so only who holds the receipt has it. The card number is masked.
 */
@Route(value = "receipt", layout = MainLayout.class)
@AnonymousAllowed
public class EReceiptView extends Div implements HasUrlParameter<String>, HasDynamicTitle {

    private final MerchantExports exports;

    public EReceiptView(MerchantExports exports) {
        this.exports = exports;
        addClassName("sf-page");
    }

    @Override
    public void setParameter(BeforeEvent event, String token) {
        removeAll();
        add(new H2(getTranslation("receipt.heading")));
        Receipt r;
        try {
            r = exports.eReceiptOf(token).orElse(null);
        } catch (TmsUnavailable e) {
            add(new Paragraph(getTranslation("merchant.tms-unavailable")));
            return;
        }
        if (r == null) {
            Paragraph p = new Paragraph(getTranslation("receipt.not-found"));
            p.setId("receipt-not-found");
            add(p);
            return;
        }
        Div card = new Div(
                line("merchant.name", r.merchantName(), "receipt-merchant"),
                line("merchant.mid", r.mid() + " · TID " + r.tid(), "receipt-ids"),
                line(
                        "merchant.kind",
                        getTranslation("merchant.kind." + r.kind().name().toLowerCase()),
                        "receipt-kind"),
                line("merchant.amount", Formats.money(r.amountFen(), getLocale()), "receipt-amount"),
                line(
                        "merchant.card",
                        r.panMasked()
                                + (r.cardType() == null
                                        ? ""
                                        : " · "
                                                + getTranslation("merchant.card-type."
                                                        + r.cardType().toLowerCase())),
                        "receipt-card"),
                line(
                        "merchant.result",
                        getTranslation("merchant.status." + r.status().name().toLowerCase()),
                        "receipt-status"),
                line("merchant.time", Formats.dateTime(r.createdAt(), getLocale()), "receipt-time"),
                line(
                        "merchant.rrn",
                        r.rrn()
                                + (r.authCode() == null
                                        ? ""
                                        : " · " + getTranslation("merchant.auth-code") + " " + r.authCode())
                                + " · " + getTranslation("merchant.batch") + " " + String.format("%06d", r.batch())
                                + " · " + getTranslation("merchant.trace") + " " + String.format("%06d", r.stan()),
                        "receipt-rrn"));
        if (r.refundedFen() > 0) {
            card.add(line(
                    "merchant.transaction.refunded", Formats.money(r.refundedFen(), getLocale()), "receipt-refunded"));
        }
        card.addClassName("sf-card");
        card.setId("receipt");
        Anchor pdf = new Anchor(
                DownloadHandler.fromInputStream(e -> {
                    byte[] bytes = exports.eReceipt(token).orElseThrow();
                    return new DownloadResponse(
                            new ByteArrayInputStream(bytes),
                            "receipt-" + r.rrn() + ".pdf",
                            "application/pdf",
                            bytes.length);
                }),
                getTranslation("merchant.transaction.receipt"));
        pdf.setId("receipt-download");
        add(card, new Paragraph(pdf), new Paragraph(getTranslation("receipt.help")));
    }

    private Paragraph line(String key, String value, String id) {
        Span v = new Span(value);
        v.setId(id);
        return new Paragraph(new Span(getTranslation(key) + ": "), v);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("receipt.heading");
    }
}
