package com.shanfu.portal.admin;

import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.tms.TmsUnavailable;
import com.shanfu.portal.ui.MainLayout;
import com.shanfu.tms.contract.BooksRun;
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

/**
 * Admin: the TMS's books check (docs/settlement.md) — the latest runs, scheduled or asked for, each with its report,
 * and a button to run it now. A run with differences is marked and its report lists every one.
 */
@Route(value = "admin/books", layout = MainLayout.class)
@RolesAllowed("admin")
public class BooksView extends Div implements HasDynamicTitle {

    private final Books books;
    private final Grid<BooksRun> grid = new Grid<>();
    private final Pre report = new Pre();
    private final Span message = new Span();

    public BooksView(Books books) {
        this.books = books;
        addClassName("sf-page");
        grid.addColumn(r -> Formats.dateTime(r.startedAt(), getLocale()))
                .setHeader(getTranslation("books.at"))
                .setAutoWidth(true);
        grid.addColumn(BooksRun::triggeredBy)
                .setHeader(getTranslation("books.by"))
                .setAutoWidth(true);
        grid.addColumn(BooksRun::checks)
                .setHeader(getTranslation("books.checks"))
                .setAutoWidth(true);
        grid.addColumn(r -> r.differences() == 0
                        ? getTranslation("books.balance")
                        : getTranslation("books.differences", r.differences()))
                .setHeader(getTranslation("books.result"))
                .setAutoWidth(true);
        grid.addSelectionListener(e -> e.getFirstSelectedItem().ifPresent(r -> report.setText(r.report())));
        grid.setId("books-runs");
        grid.setAllRowsVisible(true);
        report.setId("books-report");
        message.setId("books-message");
        Button run = new Button(getTranslation("books.run"), e -> runNow());
        run.setId("books-run");
        run.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(
                new H2(getTranslation("books.heading")),
                new Paragraph(getTranslation("books.help")),
                run,
                message,
                grid,
                report);
        refresh();
    }

    private void runNow() {
        try {
            books.runNow(CurrentUser.require());
            message.setText("");
        } catch (TmsUnavailable e) {
            message.setText(getTranslation("error.backend-unavailable"));
        }
        refresh();
    }

    private void refresh() {
        try {
            List<BooksRun> runs = books.latest(20);
            grid.setItems(runs);
            report.setText(
                    runs.isEmpty()
                            ? getTranslation("books.none")
                            : runs.getFirst().report());
        } catch (TmsUnavailable e) {
            message.setText(getTranslation("error.backend-unavailable"));
        }
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.books");
    }
}
