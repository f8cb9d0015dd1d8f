package com.shanfu.portal.admin;

import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.tms.TmsClient;
import com.shanfu.portal.ui.MainLayout;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import org.springframework.web.client.RestClientException;

/**
 * Admin: the TMS's books check (docs/settlement.md) — the latest runs, scheduled or asked for, each with its report,
 * and a button to run it now. A run with differences is marked and its report lists every one.
 */
@Route(value = "admin/books", layout = MainLayout.class)
@RolesAllowed("admin")
public class BooksView extends Div implements HasDynamicTitle {

    private final TmsClient tms;
    private final Grid<TmsClient.BooksRun> grid = new Grid<>();
    private final Pre report = new Pre();
    private final Span message = new Span();

    public BooksView(TmsClient tms) {
        this.tms = tms;
        addClassName("sf-page");
        grid.addColumn(r -> Formats.dateTime(r.startedAt(), getLocale())).setHeader(getTranslation("books.at")).setAutoWidth(true);
        grid.addColumn(TmsClient.BooksRun::triggeredBy).setHeader(getTranslation("books.by")).setAutoWidth(true);
        grid.addColumn(TmsClient.BooksRun::checks).setHeader(getTranslation("books.checks")).setAutoWidth(true);
        grid.addColumn(r -> r.differences() == 0 ? getTranslation("books.balance")
                : getTranslation("books.differences", r.differences())).setHeader(getTranslation("books.result"))
                .setAutoWidth(true);
        grid.addSelectionListener(e -> e.getFirstSelectedItem().ifPresent(r -> report.setText(r.report())));
        grid.setId("books-runs");
        grid.setAllRowsVisible(true);
        report.setId("books-report");
        message.setId("books-message");
        Button run = new Button(getTranslation("books.run"), e -> runNow());
        run.setId("books-run");
        run.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(new H2(getTranslation("books.heading")), new Paragraph(getTranslation("books.help")), run, message, grid, report);
        refresh();
    }

    private void runNow() {
        try {
            tms.runBooksCheck(CurrentUser.require().username());
            message.setText("");
        } catch (RestClientException e) {
            message.setText(getTranslation("error.backend-unavailable"));
        }
        refresh();
    }

    private void refresh() {
        try {
            List<TmsClient.BooksRun> runs = tms.booksRuns(20);
            grid.setItems(runs);
            report.setText(runs.isEmpty() ? getTranslation("books.none") : runs.getFirst().report());
        } catch (RestClientException e) {
            message.setText(getTranslation("error.backend-unavailable"));
        }
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.books");
    }
}
