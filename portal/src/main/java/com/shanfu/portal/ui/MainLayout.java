package com.shanfu.portal.ui;

import com.shanfu.portal.admin.AuditView;
import com.shanfu.portal.admin.BlocklistView;
import com.shanfu.portal.admin.BooksView;
import com.shanfu.portal.admin.RiskRulesView;
import com.shanfu.portal.application.ui.ApplyView;
import com.shanfu.portal.application.ui.HomeView;
import com.shanfu.portal.application.ui.MyApplicationView;
import com.shanfu.portal.fleet.FleetView;
import com.shanfu.portal.i18n.LanguagePreferences;
import com.shanfu.portal.merchant.ui.DashboardView;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.staff.DisputeQueueView;
import com.shanfu.portal.staff.InventoryView;
import com.shanfu.portal.staff.ReviewQueueView;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.Scroller;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.spring.security.AuthenticationContext;
import java.util.Optional;

/**
 * The frame of every page: a bar with the menu toggle, title, language switch and sign in / sign out, and a side
 * navigation with a section per role the user has. On a phone the navigation is a drawer behind the toggle.
 */
public class MainLayout extends AppLayout {

    private final LanguagePreferences languages;

    public MainLayout(AuthenticationContext auth, LanguagePreferences languages) {
        this.languages = languages;
        DrawerToggle toggle = new DrawerToggle();
        toggle.setId("nav-toggle");
        toggle.setAriaLabel(getTranslation("nav.menu"));
        H1 title = new H1(getTranslation("app.title"));
        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");
        addToNavbar(toggle, title, account(auth));
        addToDrawer(new Scroller(navigation()));
    }

    /** One section per role: what anyone may see, then staff, admin and merchant pages. */
    private VerticalLayout navigation() {
        Optional<CurrentUser> user = CurrentUser.get();
        SideNav everyone = new SideNav();
        everyone.addItem(item("nav.home", HomeView.class, "nav-home", VaadinIcon.HOME));
        if (user.map(u -> u.has("applicant")).orElse(true)) {
            everyone.addItem(
                    item("nav.apply", ApplyView.class, "nav-apply", VaadinIcon.EDIT),
                    item("nav.my-application", MyApplicationView.class, "nav-my-application", VaadinIcon.FILE_TEXT_O));
        }
        VerticalLayout sections = new VerticalLayout(everyone);
        sections.setPadding(true);
        sections.setSpacing(true);
        if (user.map(u -> u.has("staff")).orElse(false)) {
            SideNav staff = new SideNav(getTranslation("nav.section.staff"));
            staff.addItem(
                    item("nav.review", ReviewQueueView.class, "nav-review", VaadinIcon.CLIPBOARD_CHECK),
                    item("nav.inventory", InventoryView.class, "nav-inventory", VaadinIcon.PACKAGE),
                    item("nav.disputes", DisputeQueueView.class, "nav-disputes", VaadinIcon.SCALE));
            sections.add(staff);
        }
        if (user.map(u -> u.has("admin")).orElse(false)) {
            SideNav admin = new SideNav(getTranslation("nav.section.admin"));
            admin.addItem(
                    item("nav.fleet", FleetView.class, "nav-fleet", VaadinIcon.TABLET),
                    item("nav.rules", RiskRulesView.class, "nav-rules", VaadinIcon.FILTER),
                    item("nav.blocklist", BlocklistView.class, "nav-blocklist", VaadinIcon.BAN),
                    item("nav.audit", AuditView.class, "nav-audit", VaadinIcon.EYE),
                    item("nav.books", BooksView.class, "nav-books", VaadinIcon.BOOK_DOLLAR));
            sections.add(admin);
        }
        if (user.map(u -> u.has("merchant") || u.has("cashier")).orElse(false)) {
            SideNav merchant = new SideNav(getTranslation("nav.section.merchant"));
            merchant.addItem(item("nav.merchant", DashboardView.class, "nav-merchant", VaadinIcon.SHOP));
            sections.add(merchant);
        }
        return sections;
    }

    private Component account(AuthenticationContext auth) {
        Button language = new Button(
                getTranslation("nav.language"),
                e -> languages.toggle(e.getSource().getUI().orElseThrow()));
        language.setId("lang-switch");
        language.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout right = new HorizontalLayout(language);
        right.setAlignItems(FlexComponent.Alignment.CENTER);
        Optional<CurrentUser> user = CurrentUser.get();
        if (user.isPresent()) {
            Span who = new Span(user.get().displayName());
            who.setId("current-user");
            who.addClassName("sf-current-user");
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
        return right;
    }

    private SideNavItem item(String key, Class<? extends Component> view, String id, VaadinIcon icon) {
        SideNavItem i = new SideNavItem(getTranslation(key), view, icon.create());
        i.setId(id);
        return i;
    }
}
