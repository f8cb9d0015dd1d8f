package com.shanfu.portal.merchant.ui;

import com.shanfu.portal.application.ApplicationQueries;
import com.shanfu.portal.application.FeePlan;
import com.shanfu.portal.application.FeeRates;
import com.shanfu.portal.application.Fulfilment;
import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.merchant.FeePlanChange;
import com.shanfu.portal.merchant.FeePlanChanges;
import com.shanfu.portal.merchant.MerchantMoney;
import com.shanfu.portal.merchant.Notifications;
import com.shanfu.portal.merchant.Shop;
import com.shanfu.portal.merchant.Shops;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.ui.MainLayout;
import com.shanfu.portal.ui.Refusals;
import com.shanfu.tms.contract.DeviceStatus;
import com.shanfu.tms.contract.FleetDevice;
import com.shanfu.tms.contract.Terms;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.OrderedList;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;

/** The activation guide: the device that was sent, whether it is active, how to activate it, and the fee plan. */
@Route(value = "merchant/activation", layout = MainLayout.class)
@RolesAllowed({"merchant", "cashier"})
public class ActivationView extends MerchantPage {

    private final ApplicationQueries applications;
    private final MerchantMoney money;
    private final FeePlanChanges feeChanges;
    private final Fulfilment fulfilment;

    public ActivationView(
            Shops shops,
            Notifications notifications,
            ApplicationQueries applications,
            MerchantMoney money,
            FeePlanChanges feeChanges,
            Fulfilment fulfilment) {
        super("merchant.activation.heading");
        this.fulfilment = fulfilment;
        this.applications = applications;
        this.money = money;
        this.feeChanges = feeChanges;
        show(shops, notifications);
    }

    @Override
    void build(Shop shop) {
        var contact = applications.merchantContact(shop.mid()).orElseThrow();
        List<FleetDevice> devices = money.terminals();
        FleetDevice device = devices.stream()
                .filter(d -> d.serial().equals(contact.serial()))
                .findFirst()
                .orElse(devices.isEmpty() ? null : devices.getFirst());
        Div box = new Div(new H3(getTranslation("merchant.activation.device")));
        box.addClassName("sf-card");
        DeviceStatus deviceStatus = device == null ? DeviceStatus.SHIPPED : device.status();
        String status = deviceStatus.name();
        Span statusSpan = new Span(getTranslation("device.status." + status.toLowerCase()));
        statusSpan.setId("activation-status");
        statusSpan.getElement().setAttribute("data-status", status);
        box.add(
                new Paragraph(getTranslation("merchant.activation.serial") + ": " + contact.serial() + " · "
                        + contact.model() + " · TID " + contact.tid()),
                new Paragraph(new Span(getTranslation("merchant.activation.status") + ": "), statusSpan));
        add(box);
        if (deviceStatus != DeviceStatus.ACTIVE) {
            OrderedList steps = new OrderedList();
            for (String step : List.of(
                    "merchant.activation.step1",
                    "merchant.activation.step2",
                    "merchant.activation.step3",
                    "merchant.activation.step4")) {
                steps.add(new ListItem(getTranslation(step)));
            }
            steps.setId("activation-steps");
            Div guide = new Div(new H3(getTranslation("merchant.activation.how")), steps);
            guide.addClassName("sf-card");
            if (shop.owner()) {
                Span sent = new Span();
                sent.setId("resend-result");
                Button resend = new Button(
                        getTranslation("merchant.activation.resend"),
                        e -> Refusals.shown(sent, () -> {
                            var expires = fulfilment.resendActivationCode(CurrentUser.require());
                            sent.setText(getTranslation(
                                    "merchant.activation.resent",
                                    contact.phoneMasked(),
                                    Formats.dateTime(expires, getLocale())));
                        }));
                resend.setId("resend-code");
                guide.add(new Div(resend, sent));
            }
            add(guide);
        }
        add(feePlan(money.terms().terms(), feeChanges.mine()));
    }

    private Div feePlan(Terms t, List<FeePlanChange> changes) {
        Div d = new Div(new H3(getTranslation("merchant.activation.fee-plan")));
        d.addClassName("sf-card");
        d.setId("fee-plan");
        d.add(
                new Paragraph(
                        getTranslation("merchant.fee.debit", FeePlan.percent(t.debitRateBp()), cap(t.debitCapFen()))),
                new Paragraph(getTranslation(
                        "merchant.fee.credit", FeePlan.percent(t.creditRateBp()), cap(t.creditCapFen()))),
                new Paragraph(getTranslation(
                        "merchant.fee.example",
                        Formats.money(10_000, getLocale()),
                        Formats.money(FeeRates.of(t).fee(10_000, false), getLocale()),
                        Formats.money(FeeRates.of(t).fee(10_000, true), getLocale()))),
                new Paragraph(getTranslation("merchant.fee.cycle."
                                + t.settlementCycle().name().toLowerCase())
                        + (t.settlementAccount() == null
                                ? ""
                                : " · " + getTranslation("merchant.fee.account", t.settlementAccount()))));
        for (FeePlanChange c : changes) {
            if (c.getAppliedAt() == null) {
                Paragraph p = new Paragraph(getTranslation(
                        "merchant.fee.announced",
                        Formats.date(c.getEffectiveOn(), getLocale()),
                        FeePlan.percent(c.getRates().debitRateBp()),
                        cap(c.getRates().debitCapFen()),
                        FeePlan.percent(c.getRates().creditRateBp()),
                        cap(c.getRates().creditCapFen())));
                p.addClassName("sf-warning");
                p.setId("fee-change-" + c.getId());
                d.add(p);
            }
        }
        return d;
    }

    private String cap(Long capFen) {
        return capFen == null
                ? getTranslation("merchant.fee.no-cap")
                : getTranslation("merchant.fee.cap", Formats.money(capFen, getLocale()));
    }
}
