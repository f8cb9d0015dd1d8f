package com.shanfu.portal.ui;

import com.shanfu.portal.application.ui.ApplyView;
import com.shanfu.portal.application.ui.HomeView;
import com.shanfu.portal.application.ui.MyApplicationView;
import com.shanfu.portal.i18n.Languages;
import com.shanfu.portal.merchant.ui.DashboardView;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.staff.ReviewQueueView;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.spring.security.AuthenticationContext;
import java.util.Optional;

/** The frame of every page: title, links for the user's roles, language switch, sign in / sign out. */
public class MainLayout extends AppLayout {

    public MainLayout(AuthenticationContext auth) {
        H1 title = new H1(getTranslation("app.title"));
        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0 var(--lumo-space-m)");
        HorizontalLayout nav = new HorizontalLayout();
        nav.setAlignItems(FlexComponent.Alignment.CENTER);
        nav.add(link("nav.home", HomeView.class, "nav-home"));
        Optional<CurrentUser> user = CurrentUser.get();
        if (user.map(u -> u.has("applicant")).orElse(true)) {
            nav.add(link("nav.apply", ApplyView.class, "nav-apply"), link("nav.my-application", MyApplicationView.class, "nav-my-application"));
        }
        if (user.map(u -> u.has("staff")).orElse(false)) {
            nav.add(link("nav.review", ReviewQueueView.class, "nav-review"),
                    link("nav.inventory", com.shanfu.portal.staff.InventoryView.class, "nav-inventory"),
                    link("nav.disputes", com.shanfu.portal.staff.DisputeQueueView.class, "nav-disputes"));
        }
        if (user.map(u -> u.has("admin")).orElse(false)) {
            nav.add(link("nav.fleet", com.shanfu.portal.fleet.FleetView.class, "nav-fleet"),
                    link("nav.rules", com.shanfu.portal.admin.RiskRulesView.class, "nav-rules"),
                    link("nav.blocklist", com.shanfu.portal.admin.BlocklistView.class, "nav-blocklist"),
                    link("nav.audit", com.shanfu.portal.admin.AuditView.class, "nav-audit"),
                    link("nav.books", com.shanfu.portal.admin.BooksView.class, "nav-books"));
        }
        if (user.map(u -> u.has("merchant") || u.has("cashier")).orElse(false)) {
            nav.add(link("nav.merchant", DashboardView.class, "nav-merchant"));
        }
        Button language = new Button(getTranslation("nav.language"), e -> Languages.toggle(e.getSource().getUI().orElseThrow()));
        language.setId("lang-switch");
        language.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout right = new HorizontalLayout(language);
        right.setAlignItems(FlexComponent.Alignment.CENTER);
        if (user.isPresent()) {
            Span who = new Span(user.get().displayName());
            who.setId("current-user");
            Button logout = new Button(getTranslation("nav.logout"), e -> auth.logout());
            logout.setId("logout");
            right.add(who, logout);
        } else {
            Anchor login = new Anchor("/oauth2/authorization/keycloak", getTranslation("nav.login"));
            login.setId("login");
            login.setRouterIgnore(true);
            right.add(login);
        }
        right.getStyle().set("margin-left", "auto").set("margin-right", "var(--lumo-space-m)");
        HorizontalLayout bar = new HorizontalLayout(title, nav, right);
        bar.setWidthFull();
        bar.setAlignItems(FlexComponent.Alignment.CENTER);
        addToNavbar(bar);
    }

    private Component link(String key, Class<? extends Component> view, String id) {
        RouterLink l = new RouterLink(getTranslation(key), view);
        l.setId(id);
        return l;
    }
}
