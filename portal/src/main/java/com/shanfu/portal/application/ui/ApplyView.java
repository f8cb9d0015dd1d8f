package com.shanfu.portal.application.ui;

import com.shanfu.portal.application.Application;
import com.shanfu.portal.application.ApplicationException;
import com.shanfu.portal.application.ApplicationForm;
import com.shanfu.portal.application.ApplicationService;
import com.shanfu.portal.application.BankCards;
import com.shanfu.portal.application.IdNumber;
import com.shanfu.portal.application.MobilePhone;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.ui.MainLayout;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
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

/** The application form: validated as the user types, and again by the service on submit. */
@Route(value = "apply", layout = MainLayout.class)
@RolesAllowed("applicant")
public class ApplyView extends Div implements HasDynamicTitle {

    private final ApplicationService applications;
    private final Clock clock;
    private final Map<String, TextField> fields = new LinkedHashMap<>();

    public ApplyView(ApplicationService applications, Clock clock) {
        this.applications = applications;
        this.clock = clock;
        addClassName("sf-page");
        add(new H2(getTranslation("apply.heading")));
        CurrentUser user = CurrentUser.require();
        if (applications.mine(user).stream().anyMatch(a -> a.getStatus().open())) {
            add(new Paragraph(getTranslation("apply.already")), new RouterLink(getTranslation("nav.my-application"), MyApplicationView.class));
            return;
        }
        TextField name = field("legalName", "legal-name", "apply.legal-name", Application.NAME_MAX);
        TextField id = field("idNumber", "id-number", "apply.id-number", IdNumber.LENGTH);
        TextField phone = field("phone", "phone", "apply.phone", MobilePhone.LENGTH + 4);
        TextField card = field("settlementCard", "settlement-card", "apply.settlement-card", 23);
        card.addValueChangeListener(e -> card.setHelperText(BankCards.bin(BankCards.normalise(e.getValue()))
                .map(b -> (getLocale().getLanguage().equals("zh") ? b.bankZh() : b.bankEn())
                        + (b.debit() ? "" : " — " + getTranslation("validation.card.not-debit")))
                .orElse("")));
        TextField address = field("shippingAddress", "shipping-address", "apply.shipping-address", Application.ADDRESS_MAX);
        TextField city = field("city", "city", "apply.city", Application.CITY_MAX);
        FormLayout form = new FormLayout(name, id, phone, card, city, address);
        form.setColspan(address, 2);
        Button submit = new Button(getTranslation("apply.submit"), e -> submit(user));
        submit.setId("submit-application");
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        submit.addClickShortcut(Key.ENTER);
        Div card1 = new Div(form, submit);
        card1.addClassName("sf-card");
        add(card1);
    }

    private TextField field(String name, String id, String labelKey, int maxLength) {
        TextField f = new TextField(getTranslation(labelKey));
        f.setId(id);
        f.setMaxLength(maxLength);
        f.setValueChangeMode(ValueChangeMode.ON_BLUR);
        f.addValueChangeListener(e -> showProblem(name, form().problems(LocalDate.now(clock)).get(name)));
        fields.put(name, f);
        return f;
    }

    private ApplicationForm form() {
        return new ApplicationForm(value("legalName"), value("idNumber"), value("phone"), value("settlementCard"),
                value("shippingAddress"), value("city"));
    }

    private String value(String name) {
        return fields.get(name).getValue();
    }

    private void showProblem(String field, String key) {
        TextField f = fields.get(field);
        if (f.isEmpty() && "validation.required".equals(key)) {
            return; // not yet typed: no red field while the user is still on the way
        }
        f.setInvalid(key != null);
        f.setErrorMessage(key == null ? null : getTranslation(key));
    }

    private void submit(CurrentUser user) {
        try {
            applications.submit(form(), user);
            Notification.show(getTranslation("apply.submitted")).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            getUI().ifPresent(ui -> ui.navigate(MyApplicationView.class));
        } catch (ApplicationException e) {
            fields.forEach((name, f) -> {
                String key = e.fieldErrors().get(name);
                f.setInvalid(key != null);
                f.setErrorMessage(key == null ? null : getTranslation(key));
            });
            Notification n = Notification.show(getTranslation(e.key(), e.args()));
            n.addThemeVariants(NotificationVariant.LUMO_ERROR);
            n.setId("form-error");
        }
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.apply");
    }
}
