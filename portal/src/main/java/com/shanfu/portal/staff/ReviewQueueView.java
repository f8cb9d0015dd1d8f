package com.shanfu.portal.staff;

import com.shanfu.portal.application.Application;
import com.shanfu.portal.application.ApplicationQueries;
import com.shanfu.portal.application.ApplicationStatus;
import com.shanfu.portal.application.IdNumber;
import com.shanfu.portal.application.MobilePhone;
import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.ui.MainLayout;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * Staff: the applications, paged and sorted by the database, filtered by status, age, region and risk score; each
 * row opens its case page.
 */
@Route(value = "staff/applications", layout = MainLayout.class)
@RolesAllowed("staff")
public class ReviewQueueView extends Div implements HasDynamicTitle {

    private final ApplicationQueries applications;
    private final Grid<Application> grid = new Grid<>();
    private final ComboBox<ApplicationStatus> status = new ComboBox<>();
    private final IntegerField minAge = new IntegerField();
    private final IntegerField maxAge = new IntegerField();
    private final ComboBox<String> province = new ComboBox<>();
    private final IntegerField minScore = new IntegerField();
    private final Span total = new Span();

    public ReviewQueueView(ApplicationQueries applications, Clock clock) {
        this.applications = applications;
        addClassName("sf-page");
        getStyle().set("max-width", "none");
        status.setLabel(getTranslation("review.filter"));
        status.setItems(ApplicationStatus.values());
        status.setItemLabelGenerator(s -> getTranslation(s.messageKey()));
        status.setPlaceholder(getTranslation("review.all"));
        status.setClearButtonVisible(true);
        status.setId("status-filter");
        minAge.setLabel(getTranslation("review.min-age"));
        minAge.setId("min-age");
        maxAge.setLabel(getTranslation("review.max-age"));
        maxAge.setId("max-age");
        province.setLabel(getTranslation("review.province"));
        province.setItems(IdNumber.PROVINCES.keySet());
        province.setItemLabelGenerator(c -> c + " " + IdNumber.PROVINCES.get(c));
        province.setClearButtonVisible(true);
        province.setId("province-filter");
        minScore.setLabel(getTranslation("review.min-score"));
        minScore.setId("min-score");
        for (IntegerField f : List.of(minAge, maxAge, minScore)) {
            f.setWidth("8em");
            f.setMin(0);
            f.setClearButtonVisible(true);
            f.addValueChangeListener(e -> refresh());
        }
        status.addValueChangeListener(e -> refresh());
        province.addValueChangeListener(e -> refresh());
        total.setId("queue-total");
        HorizontalLayout filters = new HorizontalLayout(status, minAge, maxAge, province, minScore, total);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);

        LocalDate today = LocalDate.now(clock);
        var id = grid.addColumn(Application::getId)
                .setHeader(getTranslation("review.id"))
                .setSortProperty("id")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(Application::getLegalName)
                .setHeader(getTranslation("review.name"))
                .setAutoWidth(true);
        grid.addColumn(Application::getIdNumberMasked)
                .setHeader(getTranslation("review.id-number"))
                .setAutoWidth(true);
        grid.addColumn(a -> a.getPhoneMasked() == null ? "" : MobilePhone.format(a.getPhoneMasked(), getLocale()))
                .setHeader(getTranslation("review.phone"))
                .setAutoWidth(true);
        grid.addColumn(a -> a.ageOn(today))
                .setHeader(getTranslation("review.age"))
                .setSortProperty("birthDate")
                .setAutoWidth(true);
        grid.addColumn(Application::getCity)
                .setHeader(getTranslation("review.city"))
                .setAutoWidth(true);
        grid.addColumn(a -> getTranslation(a.getStatus().messageKey()))
                .setHeader(getTranslation("review.status"))
                .setSortProperty("status")
                .setAutoWidth(true);
        grid.addColumn(Application::getRiskScore)
                .setHeader(getTranslation("review.risk"))
                .setSortProperty("riskScore")
                .setAutoWidth(true);
        var created = grid.addColumn(a -> Formats.dateTime(a.getCreatedAt(), getLocale()))
                .setHeader(getTranslation("review.submitted-at"))
                .setSortProperty("createdAt")
                .setAutoWidth(true);
        grid.addColumn(Application::getMerchantMid)
                .setHeader(getTranslation("review.mid"))
                .setAutoWidth(true);
        grid.addComponentColumn(this::open)
                .setHeader(getTranslation("review.actions"))
                .setAutoWidth(true)
                .setFrozenToEnd(true);
        grid.setMultiSort(true);
        grid.sort(List.of(new GridSortOrder<>(created, SortDirection.DESCENDING)));
        grid.setItems(
                query -> applications.queue(query(), VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.setId("review-grid");
        grid.setHeight("70vh");
        id.setKey("id");
        add(new H2(getTranslation("review.heading")), filters, grid);
        refresh();
    }

    private ApplicationQueries.ReviewQuery query() {
        return new ApplicationQueries.ReviewQuery(
                status.getValue(), minAge.getValue(), maxAge.getValue(), province.getValue(), minScore.getValue());
    }

    private void refresh() {
        total.setText(getTranslation("review.total", applications.queueSize(query())));
        grid.getDataProvider().refreshAll();
    }

    private Button open(Application a) {
        Button b = new Button(
                getTranslation("review.open"),
                e -> e.getSource().getUI().ifPresent(ui -> ui.navigate(CaseView.class, a.getId())));
        b.setId("open-" + a.getId());
        b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_PRIMARY);
        return b;
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.review");
    }
}
