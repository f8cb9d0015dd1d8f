package com.shanfu.portal.application.ui;

import com.shanfu.portal.ui.MainLayout;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;

/** The public landing page: what Shanfu is, who may apply, fees and steps. */
@Route(value = "", layout = MainLayout.class)
@AnonymousAllowed
public class HomeView extends Div implements HasDynamicTitle {

    public HomeView() {
        addClassName("sf-page");
        Div hero = new Div(new H1(getTranslation("home.heading")), new Paragraph(getTranslation("home.intro")));
        hero.addClassName("sf-hero");
        Button apply = new Button(
                getTranslation("home.apply"), e -> e.getSource().getUI().ifPresent(ui -> ui.navigate(ApplyView.class)));
        apply.setId("start-application");
        apply.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_LARGE);
        Div facts = new Div(
                new Paragraph(getTranslation("home.requirements")),
                new Paragraph(getTranslation("home.fees")),
                new Paragraph(getTranslation("home.steps")),
                new Paragraph(getTranslation("home.time")),
                apply);
        facts.addClassName("sf-card");
        facts.getStyle().set("margin-top", "var(--lumo-space-l)");
        add(hero, facts);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.home");
    }
}
