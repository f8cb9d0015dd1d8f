package com.shanfu.portal.merchant.ui;

import com.shanfu.portal.merchant.MerchantSettings;
import com.shanfu.portal.merchant.Notifications;
import com.shanfu.portal.merchant.Shop;
import com.shanfu.portal.merchant.Shops;
import com.shanfu.portal.ui.MainLayout;
import com.shanfu.portal.ui.Refusals;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.ValidationException;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.util.EnumSet;
import java.util.Set;

/** Contact details, which notifications go by SMS and email, and the shop's second users (the owner changes them). */
@Route(value = "merchant/settings", layout = MainLayout.class)
@RolesAllowed({"merchant", "cashier"})
public class SettingsView extends MerchantPage {

    private final MerchantSettings settings;

    public SettingsView(Shops shops, Notifications notifications, MerchantSettings settings) {
        super("merchant.settings.heading");
        this.settings = settings;
        show(shops, notifications);
    }

    @Override
    void build(Shop shop) {
        MerchantSettings.View v = settings.view();
        add(contact(shop, v), preferences(shop, v), cashiers(shop, v));
    }

    private Div contact(Shop shop, MerchantSettings.View v) {
        Paragraph current = new Paragraph(getTranslation(
                "merchant.settings.current",
                v.phoneMasked() == null ? getTranslation("merchant.settings.from-application") : v.phoneMasked(),
                v.emailMasked() == null ? getTranslation("merchant.settings.from-application") : v.emailMasked()));
        current.setId("contact-current");
        Div d = new Div(new H3(getTranslation("merchant.settings.contact")), current);
        d.addClassName("sf-card");
        if (!shop.owner()) {
            return d;
        }
        TextField phone = new TextField(getTranslation("apply.phone"));
        phone.setId("contact-phone");
        TextField code = new TextField(getTranslation("otp.code"));
        code.setId("contact-code");
        EmailField email = new EmailField(getTranslation("merchant.settings.email"));
        email.setId("contact-email");
        Span result = new Span();
        result.setId("contact-result");
        Button send = new Button(
                getTranslation("otp.send"),
                e -> Refusals.shown(result, () -> {
                    long wait = settings.sendCode(phone.getValue(), getLocale());
                    result.setText(getTranslation(
                            "otp.sent",
                            com.shanfu.portal.application.MobilePhone.mask(
                                    com.shanfu.portal.application.MobilePhone.normalise(phone.getValue())),
                            wait));
                }));
        send.setId("contact-send-code");
        Button save = new Button(
                getTranslation("merchant.settings.save"),
                e -> Refusals.shown(result, () -> {
                    settings.contact(phone.getValue(), code.getValue(), email.getValue());
                    result.setText(getTranslation("merchant.settings.saved"));
                }));
        save.setId("contact-save");
        d.add(new Div(phone, send), new Div(code, email), save, result);
        return d;
    }

    /** The notification choices as a form's model: how the merchant is told, and about what. */
    public record NotificationChoices(boolean bySms, boolean byEmail, Set<Notifications.Kind> kinds) {}

    private Div preferences(Shop shop, MerchantSettings.View v) {
        Checkbox sms = new Checkbox(getTranslation("merchant.settings.by-sms"));
        sms.setId("notify-sms");
        Checkbox email = new Checkbox(getTranslation("merchant.settings.by-email"));
        email.setId("notify-email");
        CheckboxGroup<Notifications.Kind> kinds = new CheckboxGroup<>(getTranslation("merchant.settings.kinds"));
        kinds.setItems(Notifications.Kind.values());
        kinds.setItemLabelGenerator(
                k -> getTranslation("notify.kind." + k.name().toLowerCase()));
        kinds.setId("notify-kinds");
        Binder<NotificationChoices> form = new Binder<>(NotificationChoices.class);
        form.forField(sms).bind("bySms");
        form.forField(email).bind("byEmail");
        form.forField(kinds).bind("kinds");
        Set<Notifications.Kind> wanted = EnumSet.allOf(Notifications.Kind.class);
        wanted.removeAll(v.muted());
        form.readRecord(new NotificationChoices(v.sms(), v.email(), wanted));
        Div d = new Div(new H3(getTranslation("merchant.settings.notifications")), sms, email, kinds);
        d.addClassName("sf-card");
        if (shop.owner()) {
            Span result = new Span();
            result.setId("preferences-result");
            Button save = new Button(getTranslation("merchant.settings.save"), e -> {
                try {
                    NotificationChoices chosen = form.writeRecord();
                    Set<Notifications.Kind> muted = EnumSet.allOf(Notifications.Kind.class);
                    muted.removeAll(chosen.kinds());
                    settings.preferences(chosen.bySms(), chosen.byEmail(), muted);
                    result.setText(getTranslation("merchant.settings.saved"));
                } catch (ValidationException invalid) {
                    result.setText(getTranslation("validation.form"));
                }
            });
            save.setId("preferences-save");
            d.add(new Div(save, result));
        } else {
            form.setReadOnly(true);
        }
        return d;
    }

    private Div cashiers(Shop shop, MerchantSettings.View v) {
        Div list = new Div();
        list.setId("cashiers");
        v.cashiers().forEach(u -> list.add(new Div(new Span(u + " · " + getTranslation("merchant.role.cashier")))));
        Div d = new Div(
                new H3(getTranslation("merchant.settings.users")),
                new Paragraph(getTranslation("merchant.settings.users-help")),
                list);
        d.addClassName("sf-card");
        if (!shop.owner()) {
            return d;
        }
        TextField username = new TextField(getTranslation("merchant.settings.username"));
        username.setId("cashier-username");
        TextField name = new TextField(getTranslation("merchant.settings.cashier-name"));
        name.setId("cashier-name");
        EmailField mail = new EmailField(getTranslation("merchant.settings.email"));
        mail.setId("cashier-email");
        Span result = new Span();
        result.setId("cashier-result");
        Button add = new Button(
                getTranslation("merchant.settings.add-cashier"),
                e -> Refusals.shown(result, () -> {
                    MerchantSettings.NewCashier c =
                            settings.addCashier(username.getValue(), name.getValue(), mail.getValue());
                    Span password = new Span(c.firstPassword());
                    password.setId("cashier-password");
                    result.setText(getTranslation("merchant.settings.cashier-added", c.username()) + " ");
                    result.add(password);
                    list.add(new Div(new Span(c.username() + " · " + getTranslation("merchant.role.cashier"))));
                }));
        add.setId("cashier-add");
        d.add(username, name, mail, add, new Paragraph(result));
        return d;
    }
}
