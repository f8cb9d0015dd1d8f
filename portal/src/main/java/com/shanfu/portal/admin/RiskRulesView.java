package com.shanfu.portal.admin;

import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.risk.RiskRule;
import com.shanfu.portal.risk.RiskRules;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.ui.MainLayout;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.List;

/**
 * Admin: the risk rules in force, edited as a draft of the next version and published with a note. Publishing checks
 * every condition first; a published version never changes, and applications keep the version they were submitted
 * under.
 */
@Route(value = "admin/risk-rules", layout = MainLayout.class)
@RolesAllowed("admin")
public class RiskRulesView extends Div implements HasDynamicTitle {

    private final RiskRules rules;
    private final List<RiskRule> draft = new ArrayList<>();
    private final Grid<RiskRule> grid = new Grid<>();
    private final Paragraph message = new Paragraph();
    private final Paragraph inForce = new Paragraph();
    private final Grid<RiskRules.Version> history = new Grid<>();

    public RiskRulesView(RiskRules rules) {
        this.rules = rules;
        addClassName("sf-page");
        getStyle().set("max-width", "none");
        grid.addColumn(RiskRule::name).setHeader(getTranslation("rules.name")).setAutoWidth(true);
        grid.addColumn(RiskRule::condition)
                .setHeader(getTranslation("rules.condition"))
                .setFlexGrow(1);
        grid.addColumn(RiskRule::score).setHeader(getTranslation("rules.score")).setAutoWidth(true);
        grid.addColumn(r -> getTranslation("case.risk.decision."
                        + r.decision().name().toLowerCase().replace('_', '-')))
                .setHeader(getTranslation("rules.decision"))
                .setAutoWidth(true);
        grid.addColumn(RiskRule::reason)
                .setHeader(getTranslation("rules.reason"))
                .setFlexGrow(1);
        grid.addComponentColumn(r -> {
                    Button edit = new Button(getTranslation("rules.edit"), e -> edit(r));
                    edit.setId("rule-edit-" + r.name());
                    Button remove = new Button(getTranslation("rules.remove"), e -> {
                        draft.remove(r);
                        grid.setItems(draft);
                    });
                    remove.setId("rule-remove-" + r.name());
                    remove.addThemeVariants(ButtonVariant.LUMO_ERROR);
                    HorizontalLayout l = new HorizontalLayout(edit, remove);
                    l.getThemeList().add("spacing-s");
                    return l;
                })
                .setHeader(getTranslation("review.actions"))
                .setAutoWidth(true);
        grid.setAllRowsVisible(true);
        grid.setId("rules");
        Button add = new Button(getTranslation("rules.add"), e -> edit(null));
        add.setId("rule-add");
        TextField note = new TextField(getTranslation("rules.note"));
        note.setId("rules-note");
        note.setWidth("32em");
        note.setMaxLength(200);
        Button publish = new Button(getTranslation("rules.publish"), e -> {
            try {
                RiskRules.Version v = rules.publish(
                        List.copyOf(draft),
                        note.getValue(),
                        CurrentUser.require().username());
                note.clear();
                show(getTranslation("rules.published", v.version()), false);
                load();
            } catch (RiskRules.InvalidRules ex) {
                show(ex.getMessage(), true);
            }
        });
        publish.setId("rules-publish");
        publish.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout actions = new HorizontalLayout(add, note, publish);
        actions.setAlignItems(FlexComponent.Alignment.BASELINE);
        message.setId("rules-message");
        inForce.setId("rules-version");
        history.addColumn(RiskRules.Version::version)
                .setHeader(getTranslation("rules.version"))
                .setAutoWidth(true);
        history.addColumn(v -> Formats.dateTime(v.createdAt(), getLocale()))
                .setHeader(getTranslation("case.at"))
                .setAutoWidth(true);
        history.addColumn(RiskRules.Version::createdBy)
                .setHeader(getTranslation("case.staff"))
                .setAutoWidth(true);
        history.addColumn(RiskRules.Version::note)
                .setHeader(getTranslation("rules.note"))
                .setFlexGrow(1);
        history.setAllRowsVisible(true);
        add(
                new H2(getTranslation("rules.heading")),
                inForce,
                new Paragraph(getTranslation("rules.help", String.join(", ", RiskRules.EXAMPLE_FACTS.keySet()))),
                grid,
                actions,
                message,
                new H3(getTranslation("rules.history")),
                history);
        load();
    }

    private void load() {
        RiskRules.Version v = rules.current();
        draft.clear();
        draft.addAll(v.rules());
        grid.setItems(draft);
        inForce.setText(getTranslation("rules.in-force", v.version(), v.note()));
        history.setItems(rules.history());
    }

    private void edit(RiskRule existing) {
        Dialog d = new Dialog();
        d.setHeaderTitle(getTranslation(existing == null ? "rules.add" : "rules.edit"));
        TextField name = new TextField(getTranslation("rules.name"));
        name.setId("rule-name");
        TextField condition = new TextField(getTranslation("rules.condition"));
        condition.setId("rule-condition");
        condition.setWidthFull();
        IntegerField score = new IntegerField(getTranslation("rules.score"));
        score.setId("rule-score");
        ComboBox<RiskRule.Decision> decision =
                new ComboBox<>(getTranslation("rules.decision"), RiskRule.Decision.values());
        decision.setItemLabelGenerator(x ->
                getTranslation("case.risk.decision." + x.name().toLowerCase().replace('_', '-')));
        decision.setId("rule-decision");
        TextField reason = new TextField(getTranslation("rules.reason"));
        reason.setId("rule-reason");
        TextField reasonEn = new TextField(getTranslation("rules.reason-en"));
        reasonEn.setId("rule-reason-en");
        if (existing != null) {
            name.setValue(existing.name());
            condition.setValue(existing.condition());
            score.setValue(existing.score());
            decision.setValue(existing.decision());
            reason.setValue(existing.reason() == null ? "" : existing.reason());
            reasonEn.setValue(existing.reasonEn() == null ? "" : existing.reasonEn());
        } else {
            score.setValue(0);
            decision.setValue(RiskRule.Decision.NONE);
        }
        FormLayout f = new FormLayout(name, score, condition, decision, reason, reasonEn);
        f.setColspan(condition, 2);
        d.add(f);
        d.setWidth("48em");
        Paragraph error = new Paragraph();
        error.addClassName("sf-message-error");
        error.setId("rule-error");
        d.add(error);
        Button save = new Button(getTranslation("rules.keep"), e -> {
            RiskRule r = new RiskRule(
                    name.getValue().strip(),
                    condition.getValue().strip(),
                    score.getValue() == null ? 0 : score.getValue(),
                    decision.getValue(),
                    reason.getValue().strip(),
                    reasonEn.getValue().strip());
            List<RiskRule> candidate = new ArrayList<>(draft);
            int at = existing == null ? -1 : candidate.indexOf(existing);
            if (at >= 0) {
                candidate.set(at, r);
            } else {
                candidate.add(r);
            }
            try {
                RiskRules.validate(candidate);
            } catch (RiskRules.InvalidRules ex) {
                error.setText(ex.getMessage());
                return;
            }
            draft.clear();
            draft.addAll(candidate);
            grid.setItems(draft);
            show(getTranslation("rules.draft-changed"), false);
            d.close();
        });
        save.setId("rule-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button(getTranslation("review.cancel"), e -> d.close()), save);
        d.open();
    }

    private void show(String text, boolean error) {
        message.setText(text);
        message.setClassName(error ? "sf-message-error" : "sf-message-ok");
        Notification.show(text)
                .addThemeVariants(error ? NotificationVariant.LUMO_ERROR : NotificationVariant.LUMO_SUCCESS);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.rules");
    }
}
