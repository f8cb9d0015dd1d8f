package com.shanfu.portal.staff;

import com.shanfu.portal.application.Application;
import com.shanfu.portal.application.ApplicationException;
import com.shanfu.portal.application.ApplicationForm;
import com.shanfu.portal.application.ApplicationService;
import com.shanfu.portal.application.Couriers;
import com.shanfu.portal.application.ApplicationStatus;
import com.shanfu.portal.application.MobilePhone;
import com.shanfu.portal.application.Shipment;
import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.ui.MainLayout;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import jakarta.annotation.security.RolesAllowed;
import java.util.function.Supplier;

/** Staff: the applications to decide, paged from the database, with approve / reject / ship on each row. */
@Route(value = "staff/applications", layout = MainLayout.class)
@RolesAllowed("staff")
public class ReviewQueueView extends Div implements HasDynamicTitle {

    private final ApplicationService applications;
    private final Grid<Application> grid = new Grid<>();
    private final ComboBox<ApplicationStatus> filter = new ComboBox<>();

    public ReviewQueueView(ApplicationService applications) {
        this.applications = applications;
        addClassName("sf-page");
        getStyle().set("max-width", "none");
        filter.setLabel(getTranslation("review.filter"));
        filter.setItems(ApplicationStatus.values());
        filter.setItemLabelGenerator(s -> getTranslation(s.messageKey()));
        filter.setPlaceholder(getTranslation("review.all"));
        filter.setClearButtonVisible(true);
        filter.setId("status-filter");
        filter.addValueChangeListener(e -> grid.getDataProvider().refreshAll());

        grid.addColumn(Application::getId).setHeader(getTranslation("review.id")).setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(Application::getLegalName).setHeader(getTranslation("review.name")).setAutoWidth(true);
        grid.addColumn(Application::getIdNumberMasked).setHeader(getTranslation("review.id-number")).setAutoWidth(true);
        grid.addColumn(a -> a.getPhoneMasked() == null ? "" : MobilePhone.format(a.getPhoneMasked(), getLocale())).setHeader(getTranslation("review.phone")).setAutoWidth(true);
        grid.addColumn(a -> a.getSettlementBank() + " " + a.getSettlementCardMasked()).setHeader(getTranslation("review.card")).setAutoWidth(true);
        grid.addColumn(Application::getCity).setHeader(getTranslation("review.city")).setAutoWidth(true);
        grid.addColumn(a -> getTranslation(a.getStatus().messageKey())).setHeader(getTranslation("review.status")).setAutoWidth(true);
        grid.addColumn(a -> Formats.dateTime(a.getCreatedAt(), getLocale())).setHeader(getTranslation("review.submitted-at")).setAutoWidth(true);
        grid.addColumn(Application::getMerchantMid).setHeader(getTranslation("review.mid")).setAutoWidth(true);
        grid.addComponentColumn(this::shipmentCell).setHeader(getTranslation("review.shipment")).setAutoWidth(true);
        grid.addComponentColumn(this::actions).setHeader(getTranslation("review.actions")).setAutoWidth(true)
                .setFrozenToEnd(true); // decisions stay in reach however wide the row
        grid.setItems(query -> applications.queue(filter.getValue(),
                VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.setId("review-grid");
        grid.setHeight("70vh");
        add(new H2(getTranslation("review.heading")), filter, grid);
    }

    private Div shipmentCell(Application a) {
        Div d = new Div();
        applications.shipment(a).ifPresent((Shipment s) -> {
            d.setText(s.getSerial() + " / " + s.getActivationCode());
            d.setId("shipment-" + a.getId());
        });
        return d;
    }

    private HorizontalLayout actions(Application a) {
        HorizontalLayout l = new HorizontalLayout();
        if (a.getStatus() == ApplicationStatus.AWAITING_CALL) {
            l.add(button("approve", a, ButtonVariant.LUMO_SUCCESS, () -> {
                Application done = applications.approve(a.getId(), CurrentUser.require());
                return getTranslation("review.approved", done.getMerchantMid());
            }));
        }
        if (a.getStatus() == ApplicationStatus.AWAITING_CALL || a.getStatus() == ApplicationStatus.VERIFYING) {
            Button reject = new Button(getTranslation("review.reject"), e -> rejectDialog(a));
            reject.setId("reject-" + a.getId());
            reject.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
            l.add(reject);
        }
        if (a.getStatus() == ApplicationStatus.APPROVED) {
            Button ship = new Button(getTranslation("review.ship"), e -> shipDialog(a));
            ship.setId("ship-" + a.getId());
            ship.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SMALL);
            l.add(ship);
        }
        if (a.getStatus() == ApplicationStatus.SHIPPED) {
            l.add(button("deliver", a, ButtonVariant.LUMO_CONTRAST, () -> {
                applications.delivered(a.getId(), CurrentUser.require());
                return getTranslation("review.delivered");
            }));
        }
        return l;
    }

    private void shipDialog(Application a) {
        Dialog d = new Dialog();
        d.setHeaderTitle(getTranslation("review.ship") + " #" + a.getId());
        ComboBox<String> model = new ComboBox<>(getTranslation("apply.model"), ApplicationForm.MODELS);
        model.setId("ship-model");
        model.setItemLabelGenerator(m -> getTranslation("model." + m));
        model.setValue(a.getPreferredModel() != null ? a.getPreferredModel() : ApplicationService.DEFAULT_MODEL);
        ComboBox<String> courier = new ComboBox<>(getTranslation("status.courier"), Couriers.TRACKING_FORMATS.keySet());
        courier.setId("ship-courier");
        courier.setItemLabelGenerator(c -> getTranslation("courier." + c));
        courier.setValue("SF");
        TextField tracking = new TextField(getTranslation("review.tracking"));
        tracking.setId("ship-tracking");
        tracking.setMaxLength(32);
        d.add(new com.vaadin.flow.component.formlayout.FormLayout(model, courier, tracking));
        Button confirm = new Button(getTranslation("review.confirm"), e -> {
            try {
                Shipment s = applications.ship(a.getId(), model.getValue(), courier.getValue(), tracking.getValue(),
                        CurrentUser.require());
                d.close();
                Notification.show(getTranslation("review.shipped", s.getSerial(), s.getActivationCode()))
                        .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                grid.getDataProvider().refreshAll();
            } catch (ApplicationException ex) {
                tracking.setInvalid(true);
                tracking.setErrorMessage(getTranslation(ex.key(), ex.args()));
            }
        });
        confirm.setId("ship-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button(getTranslation("review.cancel"), e -> d.close()), confirm);
        d.open();
    }

    private Button button(String action, Application a, ButtonVariant variant, Supplier<String> work) {
        Button b = new Button(getTranslation("review." + action), e -> run(work));
        b.setId(action + "-" + a.getId());
        b.addThemeVariants(variant, ButtonVariant.LUMO_SMALL);
        b.setDisableOnClick(true);
        return b;
    }

    private void run(Supplier<String> work) {
        try {
            Notification.show(work.get()).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        } catch (ApplicationException e) {
            Notification.show(getTranslation(e.key(), e.args())).addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
        grid.getDataProvider().refreshAll();
    }

    private void rejectDialog(Application a) {
        Dialog d = new Dialog();
        d.setHeaderTitle(getTranslation("review.reject") + " #" + a.getId());
        TextArea reason = new TextArea(getTranslation("review.reject-reason"));
        reason.setId("reject-reason");
        reason.setMaxLength(Application.REASON_MAX);
        reason.setWidth("24em");
        d.add(reason);
        Button confirm = new Button(getTranslation("review.confirm"), e -> {
            try {
                applications.reject(a.getId(), reason.getValue(), CurrentUser.require());
                d.close();
                Notification.show(getTranslation("review.rejected")).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                grid.getDataProvider().refreshAll();
            } catch (ApplicationException ex) {
                reason.setInvalid(true);
                reason.setErrorMessage(getTranslation(ex.key(), ex.args()));
            }
        });
        confirm.setId("reject-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR);
        d.getFooter().add(new Button(getTranslation("review.cancel"), e -> d.close()), confirm);
        d.open();
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.review");
    }
}
