package com.shanfu.portal.admin;

import com.shanfu.portal.audit.Audit;
import com.shanfu.portal.audit.AuditEntry;
import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.ui.MainLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import jakarta.annotation.security.RolesAllowed;
import java.io.ByteArrayInputStream;

/** Admin: the audit log, newest first, paged from the database, with a CSV export. Read only, like the log itself. */
@Route(value = "admin/audit", layout = MainLayout.class)
@RolesAllowed("admin")
public class AuditView extends Div implements HasDynamicTitle {

    public AuditView(Audit audit) {
        addClassName("sf-page");
        getStyle().set("max-width", "none");
        Grid<AuditEntry> grid = new Grid<>();
        grid.addColumn(AuditEntry::getId).setHeader("#").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(e -> Formats.dateTime(e.getAt(), getLocale()))
                .setHeader(getTranslation("case.at"))
                .setAutoWidth(true);
        grid.addColumn(AuditEntry::getActor)
                .setHeader(getTranslation("case.staff"))
                .setAutoWidth(true);
        grid.addColumn(AuditEntry::getAction)
                .setHeader(getTranslation("audit.action"))
                .setAutoWidth(true);
        grid.addColumn(e -> e.getTargetType() + (e.getTargetId() == null ? "" : " " + e.getTargetId()))
                .setHeader(getTranslation("audit.target"))
                .setAutoWidth(true);
        grid.addColumn(AuditEntry::getBeforeJson)
                .setHeader(getTranslation("audit.before"))
                .setFlexGrow(1);
        grid.addColumn(AuditEntry::getAfterJson)
                .setHeader(getTranslation("audit.after"))
                .setFlexGrow(1);
        grid.setItems(q -> audit.page(VaadinSpringDataHelpers.toSpringPageRequest(q)).stream());
        grid.setId("audit");
        grid.setHeight("70vh");
        Anchor export = new Anchor(
                DownloadHandler.fromInputStream(event -> {
                    byte[] csv = audit.exportCsv();
                    return new DownloadResponse(
                            new ByteArrayInputStream(csv), "shanfu-audit.csv", "text/csv", csv.length);
                }),
                getTranslation("audit.export"));
        export.setId("audit-export");
        add(new H2(getTranslation("audit.heading")), new Paragraph(getTranslation("audit.help")), export, grid);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.audit");
    }
}
