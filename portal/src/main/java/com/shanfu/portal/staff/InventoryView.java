package com.shanfu.portal.staff;

import com.shanfu.portal.i18n.ComponentTexts;
import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.tms.TmsUnavailable;
import com.shanfu.portal.ui.MainLayout;
import com.shanfu.tms.contract.Model;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadHandler;
import jakarta.annotation.security.RolesAllowed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Staff: devices in stock per model, and the bulk import of serial numbers from a CSV file ({@code serial,model} per
 * line, a header line allowed) with a progress bar and a report of every row that was refused and why.
 */
@Route(value = "staff/inventory", layout = MainLayout.class)
@RolesAllowed("staff")
public class InventoryView extends Div implements HasDynamicTitle {

    private final StockImport importer;
    private final Grid<Model> stock = new Grid<>();
    private final ProgressBar progress = new ProgressBar();
    private final Span progressText = new Span();
    private final Grid<StockImport.Row> report = new Grid<>();
    private final Paragraph summary = new Paragraph();

    public InventoryView(StockImport importer) {
        this.importer = importer;
        addClassName("sf-page");
        stock.addColumn(Model::code)
                .setHeader(getTranslation("inventory.model"))
                .setAutoWidth(true);
        stock.addColumn(Model::name).setHeader(getTranslation("inventory.name")).setFlexGrow(1);
        stock.addColumn(Model::connectivity)
                .setHeader(getTranslation("inventory.connectivity"))
                .setAutoWidth(true);
        stock.addColumn(m -> Formats.money(m.priceFen(), getLocale()))
                .setHeader(getTranslation("inventory.price"))
                .setAutoWidth(true);
        stock.addColumn(Model::inStock)
                .setHeader(getTranslation("inventory.in-stock"))
                .setAutoWidth(true)
                .setKey("in-stock");
        stock.setAllRowsVisible(true);
        stock.setId("stock");
        loadStock();

        Upload upload = new Upload(UploadHandler.inMemory((meta, bytes) -> {
            UI ui = UI.getCurrent();
            start(ui, new String(bytes, StandardCharsets.UTF_8));
        }));
        upload.setAcceptedFileTypes(".csv", "text/csv");
        upload.setMaxFileSize(2 * 1024 * 1024);
        upload.setMaxFiles(1);
        upload.setId("stock-upload");
        ComponentTexts.translate(upload, this);
        progress.setVisible(false);
        progress.setId("import-progress");
        progressText.setId("import-progress-text");
        summary.setId("import-summary");
        report.addColumn(StockImport.Row::line)
                .setHeader(getTranslation("inventory.line"))
                .setAutoWidth(true);
        report.addColumn(StockImport.Row::serial)
                .setHeader(getTranslation("inventory.serial"))
                .setAutoWidth(true);
        report.addColumn(StockImport.Row::model)
                .setHeader(getTranslation("inventory.model"))
                .setAutoWidth(true);
        report.addColumn(r -> r.error() == null
                        ? getTranslation("inventory.imported")
                        : getTranslation(r.error(), r.errorArgs()))
                .setHeader(getTranslation("inventory.result"))
                .setFlexGrow(1);
        report.setAllRowsVisible(true);
        report.setId("import-report");
        report.setVisible(false);
        add(
                new H2(getTranslation("inventory.heading")),
                stock,
                new H3(getTranslation("inventory.import")),
                new Paragraph(getTranslation("inventory.import-help")),
                upload,
                progress,
                progressText,
                summary,
                report);
    }

    private void loadStock() {
        try {
            stock.setItems(importer.models());
        } catch (TmsUnavailable e) {
            stock.setItems(List.of());
            summary.setText(getTranslation("case.tms-offline"));
        }
    }

    /** Runs the import off the request thread; the page polls for progress while it runs. */
    private void start(UI ui, String csv) {
        List<StockImport.Row> rows = StockImport.parse(csv);
        List<StockImport.Row> done = new ArrayList<>();
        ui.access(() -> {
            progress.setVisible(true);
            progress.setValue(0);
            report.setVisible(false);
            summary.setText("");
            ui.setPollInterval(300);
        });
        String actor = com.shanfu.portal.security.CurrentUser.require().username();
        Thread.ofVirtual().start(new org.springframework.security.concurrent.DelegatingSecurityContextRunnable(() -> {
            try {
                importer.run(rows, actor, row -> {
                    done.add(row);
                    int n = done.size();
                    ui.access(() -> {
                        progress.setValue(rows.isEmpty() ? 1 : (double) n / rows.size());
                        progressText.setText(getTranslation("inventory.progress", n, rows.size()));
                    });
                });
            } finally {
                ui.access(() -> {
                    long bad = done.stream().filter(r -> r.error() != null).count();
                    summary.setText(getTranslation("inventory.summary", done.size() - bad, bad));
                    report.setItems(done);
                    report.setVisible(true);
                    loadStock();
                    ui.setPollInterval(-1);
                });
            }
        })); // the import runs as the signed-in staff member (the services check the role)
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.inventory");
    }
}
