package com.shanfu.portal.admin;

import com.shanfu.portal.application.ApplicationException;
import com.shanfu.portal.application.BlocklistEntry;
import com.shanfu.portal.application.Blocklists;
import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.ui.MainLayout;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;

/** Admin: the blocklist (kinds and reasons; the barred values are kept only as hashes) and lifting an entry. */
@Route(value = "admin/blocklist", layout = MainLayout.class)
@RolesAllowed("admin")
public class BlocklistView extends Div implements HasDynamicTitle {

    private final Blocklists applications;
    private final Grid<BlocklistEntry> grid = new Grid<>();
    private final Paragraph message = new Paragraph();

    public BlocklistView(Blocklists applications) {
        this.applications = applications;
        addClassName("sf-page");
        grid.addColumn(BlocklistEntry::getId).setHeader("#").setAutoWidth(true);
        grid.addColumn(e -> getTranslation(
                        "blocklist.kind." + e.getKind().name().toLowerCase().replace('_', '-')))
                .setHeader(getTranslation("blocklist.kind"))
                .setAutoWidth(true);
        grid.addColumn(BlocklistEntry::getReason)
                .setHeader(getTranslation("rules.reason"))
                .setFlexGrow(1);
        grid.addColumn(BlocklistEntry::getAddedBy)
                .setHeader(getTranslation("case.staff"))
                .setAutoWidth(true);
        grid.addColumn(e -> Formats.dateTime(e.getAddedAt(), getLocale()))
                .setHeader(getTranslation("case.at"))
                .setAutoWidth(true);
        grid.addComponentColumn(this::lift)
                .setHeader(getTranslation("review.actions"))
                .setAutoWidth(true);
        grid.setAllRowsVisible(true);
        grid.setId("blocklist");
        message.setId("blocklist-message");
        add(
                new H2(getTranslation("blocklist.heading")),
                new Paragraph(getTranslation("blocklist.help")),
                message,
                grid);
        load();
    }

    private HorizontalLayout lift(BlocklistEntry e) {
        TextField reason = new TextField();
        reason.setPlaceholder(getTranslation("blocklist.lift-reason"));
        reason.setId("unblock-reason-" + e.getId());
        Button b = new Button(getTranslation("blocklist.lift"), ev -> {
            try {
                applications.unblock(e.getId(), reason.getValue(), CurrentUser.require());
                message.setText(getTranslation("blocklist.lifted", e.getId()));
                message.setClassName("sf-message-ok");
                load();
            } catch (ApplicationException ex) {
                message.setText(getTranslation(ex.key(), ex.args()));
                message.setClassName("sf-message-error");
            }
        });
        b.setId("unblock-" + e.getId());
        b.addThemeVariants(ButtonVariant.LUMO_SMALL);
        return new HorizontalLayout(reason, b);
    }

    private void load() {
        grid.setItems(applications.entries());
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.blocklist");
    }
}
