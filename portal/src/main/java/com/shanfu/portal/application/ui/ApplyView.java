package com.shanfu.portal.application.ui;

import com.shanfu.portal.application.Application;
import com.shanfu.portal.application.ApplicationException;
import com.shanfu.portal.application.ApplicationForm;
import com.shanfu.portal.application.ApplicationQueries;
import com.shanfu.portal.application.Applying;
import com.shanfu.portal.application.BankCards;
import com.shanfu.portal.application.BusinessTypes;
import com.shanfu.portal.application.IdNumber;
import com.shanfu.portal.application.MobilePhone;
import com.shanfu.portal.application.PhoneVerifications;
import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.ui.MainLayout;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

// Longer than 300 lines: the application form: five sections, the phone proof and field-by-field validation as the
// applicant types.
/**
 * The application form: every field checked as the user leaves it (the same rules the service applies on submit),
 * the phone proved with a one-time code, a draft saved on request and restored on return.
 */
@Route(value = "apply", layout = MainLayout.class)
@RolesAllowed("applicant")
public class ApplyView extends Div implements HasDynamicTitle {

    private final Applying applications;
    private final ApplicationQueries queries;
    private final PhoneVerifications phones;
    private final Clock clock;
    private final CurrentUser user;
    private final Map<String, HasValue<?, String>> fields = new LinkedHashMap<>();
    private final Span phoneStatus = new Span();
    /** The last answer to the user's action, kept on the page (a notification disappears). */
    private final Paragraph message = new Paragraph();

    public ApplyView(Applying applications, ApplicationQueries queries, PhoneVerifications phones, Clock clock) {
        this.queries = queries;
        this.applications = applications;
        this.phones = phones;
        this.clock = clock;
        this.user = CurrentUser.require();
        addClassName("sf-page");
        add(new H2(getTranslation("apply.heading")));
        if (queries.mine(user).stream().anyMatch(a -> a.getStatus().open())) {
            add(
                    new Paragraph(getTranslation("apply.already")),
                    new RouterLink(getTranslation("nav.my-application"), MyApplicationView.class));
            return;
        }
        add(new Paragraph(getTranslation("apply.intro")));
        TextField name = text("legalName", "legal-name", "apply.legal-name", Application.NAME_MAX);
        TextField id = text("idNumber", "id-number", "apply.id-number", IdNumber.LENGTH);
        id.setHelperText(getTranslation("apply.id-number.help"));
        section("apply.section.identity", new FormLayout(name, id));

        TextField phone = text("phone", "phone", "apply.phone", MobilePhone.LENGTH + 4);
        phone.addValueChangeListener(e -> showPhoneProof());
        Button send = new Button(getTranslation("otp.send"), e -> sendCode());
        send.setId("send-otp");
        TextField code = new TextField(getTranslation("otp.code"));
        code.setId("otp-code");
        code.setMaxLength(PhoneVerifications.CODE_DIGITS);
        code.setAllowedCharPattern("[0-9]");
        Button verify = new Button(getTranslation("otp.verify"), e -> verifyCode(code));
        verify.setId("verify-otp");
        phoneStatus.setId("phone-status");
        HorizontalLayout otp = new HorizontalLayout(phone, send, code, verify);
        otp.setAlignItems(HorizontalLayout.Alignment.BASELINE);
        otp.setWrap(true);
        section("apply.section.phone", otp, phoneStatus);

        TextField card = text("settlementCard", "settlement-card", "apply.settlement-card", 23);
        card.setHelperText(getTranslation("apply.settlement-card.help"));
        typedLive(card, "settlementCard");
        card.addValueChangeListener(e -> card.setHelperText(bankHint(e.getValue(), true)));
        TextField credit = text("creditCard", "credit-card", "apply.credit-card", 23);
        credit.setHelperText(getTranslation("apply.credit-card.help"));
        typedLive(credit, "creditCard");
        credit.addValueChangeListener(e -> credit.setHelperText(
                e.getValue().isBlank() ? getTranslation("apply.credit-card.help") : bankHint(e.getValue(), false)));
        section("apply.section.cards", new FormLayout(card, credit));

        Select<String> mcc = select("mcc", "mcc", "apply.mcc");
        mcc.setItems(BusinessTypes.CODES);
        mcc.setItemLabelGenerator(c -> c == null || c.isEmpty() ? "" : getTranslation("mcc." + c));
        TextField business =
                text("businessAddress", "business-address", "apply.business-address", Application.ADDRESS_MAX);
        TextField city = text("city", "city", "apply.city", Application.CITY_MAX);
        FormLayout shop = new FormLayout(mcc, city, business);
        shop.setColspan(business, 2);
        section("apply.section.business", shop);

        TextField shipping =
                text("shippingAddress", "shipping-address", "apply.shipping-address", Application.ADDRESS_MAX);
        Select<String> model = select("preferredModel", "preferred-model", "apply.model");
        model.setItems(ApplicationForm.MODELS);
        model.setEmptySelectionAllowed(true);
        model.setEmptySelectionCaption(getTranslation("apply.model.staff"));
        model.setItemLabelGenerator(
                m -> m == null || m.isEmpty() ? getTranslation("apply.model.staff") : getTranslation("model." + m));
        FormLayout delivery = new FormLayout(shipping, model);
        section("apply.section.delivery", delivery);

        Button draft = new Button(getTranslation("apply.save-draft"), e -> saveDraft());
        draft.setId("save-draft");
        Button submit = new Button(getTranslation("apply.submit"), e -> submit());
        submit.setId("submit-application");
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout buttons = new HorizontalLayout(draft, submit);
        buttons.getStyle().set("margin-top", "var(--lumo-space-m)");
        message.setId("form-message");
        add(message, buttons);

        applications.draft(user).ifPresent(f -> {
            fill(f);
            info(getTranslation("apply.draft-restored"));
        });
        showPhoneProof();
    }

    private void section(String titleKey, com.vaadin.flow.component.Component... content) {
        Div d = new Div(new H3(getTranslation(titleKey)));
        d.add(content);
        d.addClassName("sf-card");
        d.getStyle().set("margin-top", "var(--lumo-space-m)");
        add(d);
    }

    private TextField text(String name, String id, String labelKey, int maxLength) {
        TextField f = new TextField(getTranslation(labelKey));
        f.setId(id);
        f.setMaxLength(maxLength);
        f.setValueChangeMode(ValueChangeMode.ON_BLUR);
        f.setRequiredIndicatorVisible(!"creditCard".equals(name));
        f.addValueChangeListener(e -> showProblem(name));
        fields.put(name, f);
        return f;
    }

    /**
     * Card numbers answer while they are typed (bank, debit or credit, check digit) once they are long enough to be
     * a card; before that only leaving the field judges them.
     */
    private void typedLive(TextField f, String name) {
        f.setValueChangeMode(ValueChangeMode.LAZY);
        f.addBlurListener(e -> judge(name));
    }

    private Select<String> select(String name, String id, String labelKey) {
        Select<String> s = new Select<>();
        s.setLabel(getTranslation(labelKey));
        s.setId(id);
        s.setRequiredIndicatorVisible("mcc".equals(name));
        s.addValueChangeListener(e -> showProblem(name));
        fields.put(name, s);
        return s;
    }

    private String bankHint(String raw, boolean settlement) {
        return BankCards.bin(BankCards.normalise(raw))
                .map(b -> (getLocale().getLanguage().equals("zh") ? b.bankZh() : b.bankEn()) + " · "
                        + getTranslation(b.debit() ? "card.debit" : "card.credit"))
                .orElse(getTranslation(settlement ? "apply.settlement-card.help" : "apply.credit-card.help"));
    }

    private ApplicationForm form() {
        return new ApplicationForm(
                value("legalName"),
                value("idNumber"),
                value("phone"),
                value("settlementCard"),
                value("creditCard"),
                value("mcc"),
                value("businessAddress"),
                value("shippingAddress"),
                value("city"),
                value("preferredModel"));
    }

    private void fill(ApplicationForm f) {
        set("legalName", f.legalName());
        set("idNumber", f.idNumber());
        set("phone", f.phone());
        set("settlementCard", f.settlementCard());
        set("creditCard", f.creditCard());
        set("mcc", f.mcc());
        set("businessAddress", f.businessAddress());
        set("shippingAddress", f.shippingAddress());
        set("city", f.city());
        set("preferredModel", f.preferredModel());
    }

    private void set(String name, String v) {
        if (v != null && !v.isEmpty()) {
            fields.get(name).setValue(v);
        }
    }

    private String value(String name) {
        String v = fields.get(name).getValue();
        return v == null ? "" : v;
    }

    private void showProblem(String field) {
        if (fields.get(field) instanceof TextField t
                && t.getValueChangeMode() == ValueChangeMode.LAZY
                && BankCards.normalise(t.getValue()).length() < 16) {
            return; // still typing a card number: judged when it is long enough or the field is left
        }
        judge(field);
    }

    private void judge(String field) {
        String key = form().problems(LocalDate.now(clock)).get(field);
        if (value(field).isEmpty() && "validation.required".equals(key)) {
            return; // not yet typed: no red field while the user is still on the way
        }
        mark(field, key);
    }

    private void mark(String field, String key) {
        HasValue<?, String> f = fields.get(field);
        if (f instanceof TextField t) {
            t.setInvalid(key != null);
            t.setErrorMessage(key == null ? null : getTranslation(key));
        } else if (f instanceof Select<?> s) {
            s.setInvalid(key != null);
            s.setErrorMessage(key == null ? null : getTranslation(key));
        }
    }

    private void showPhoneProof() {
        boolean proved = !value("phone").isEmpty()
                && MobilePhone.problem(value("phone")).isEmpty()
                && phones.proved(value("phone"), user);
        phoneStatus.setText(getTranslation(proved ? "otp.proved" : "otp.needed"));
        phoneStatus.getElement().getThemeList().set("badge", true);
        phoneStatus.getElement().getThemeList().set("success", proved);
    }

    private void sendCode() {
        try {
            long wait = phones.send(value("phone"), user, getLocale());
            info(getTranslation("otp.sent", MobilePhone.mask(MobilePhone.normalise(value("phone"))), wait));
        } catch (ApplicationException e) {
            error(e);
        }
    }

    private void verifyCode(TextField code) {
        try {
            phones.verify(value("phone"), code.getValue(), user);
            code.setInvalid(false);
            info(getTranslation("otp.proved"));
        } catch (ApplicationException e) {
            code.setInvalid(true);
            code.setErrorMessage(getTranslation(e.key(), e.args()));
            error(e);
        }
        showPhoneProof();
    }

    private void saveDraft() {
        var at = applications.saveDraft(form(), user);
        info(getTranslation("apply.draft-saved", Formats.dateTime(at, getLocale())));
    }

    private void submit() {
        try {
            applications.submit(form(), user, getLocale());
            Notification.show(getTranslation("apply.submitted")).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            getUI().ifPresent(ui -> ui.navigate(MyApplicationView.class));
        } catch (ApplicationException e) {
            fields.keySet().forEach(name -> mark(name, e.fieldErrors().get(name)));
            error(e);
        }
    }

    private void error(ApplicationException e) {
        String text = getTranslation(e.key(), e.args());
        message.setText(text);
        message.setClassName("sf-message-error");
        Notification.show(text).addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    private void info(String text) {
        message.setText(text);
        message.setClassName("sf-message-ok");
        Notification.show(text).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.apply");
    }
}
