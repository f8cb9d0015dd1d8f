package com.shanfu.portal.merchant.ui;

import com.shanfu.portal.merchant.Notifications;
import com.shanfu.portal.merchant.Shop;
import com.shanfu.portal.merchant.Shops;
import com.shanfu.portal.tms.TmsUnavailable;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Nav;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.RouterLink;
import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;

/**
 * A page of the merchant's side: the shop's name and MID, the links between its pages, and the page's own content,
 * built only when the signed-in person works for a shop. A TMS that does not answer gives a message, not an error.
 */
abstract class MerchantPage extends Div implements HasDynamicTitle {

    private final String titleKey;

    MerchantPage(String titleKey) {
        this.titleKey = titleKey;
        addClassName("sf-page");
    }

    /** Called at the end of the subclass's constructor, once its services are set. */
    final void show(Shops shops, Notifications notifications) {
        Optional<Shop> shop;
        try {
            shop = Optional.of(shops.current());
        } catch (AccessDeniedException e) {
            shop = Optional.empty();
        }
        add(new H2(getTranslation(titleKey)));
        if (shop.isEmpty()) {
            add(new Paragraph(getTranslation("merchant.none")));
            return;
        }
        Span mid = new Span(shop.get().mid());
        mid.setId("merchant-mid");
        Span role = new Span(
                getTranslation("merchant.role." + shop.get().role().name().toLowerCase()));
        role.setId("merchant-role");
        Div who = new Div(
                new Span(shop.get().name() + " · " + getTranslation("merchant.mid") + " "), mid, new Span(" · "), role);
        who.addClassName("sf-muted");
        add(who, nav(notifications.unread()));
        try {
            build(shop.get());
        } catch (TmsUnavailable e) {
            Paragraph p = new Paragraph(getTranslation("merchant.tms-unavailable"));
            p.setId("tms-unavailable");
            add(p);
        }
    }

    /** The page's own content for this shop. */
    abstract void build(Shop shop);

    private Nav nav(long unread) {
        Nav nav = new Nav();
        nav.addClassName("sf-subnav");
        nav.add(
                link("merchant.nav.dashboard", DashboardView.class, "subnav-dashboard"),
                link("merchant.nav.activation", ActivationView.class, "subnav-activation"),
                link("merchant.nav.transactions", TransactionsView.class, "subnav-transactions"),
                link("merchant.nav.settlements", SettlementsView.class, "subnav-settlements"),
                link("merchant.nav.disputes", DisputesView.class, "subnav-disputes"));
        RouterLink inbox = link("merchant.nav.notifications", NotificationsView.class, "subnav-notifications");
        if (unread > 0) {
            Span badge = new Span(String.valueOf(unread));
            badge.getElement().getThemeList().add("badge error pill small");
            badge.setId("unread-count");
            inbox.add(badge);
        }
        nav.add(inbox, link("merchant.nav.settings", SettingsView.class, "subnav-settings"));
        return nav;
    }

    private RouterLink link(String key, Class<? extends com.vaadin.flow.component.Component> view, String id) {
        RouterLink l = new RouterLink(getTranslation(key), view);
        l.setHighlightCondition(com.vaadin.flow.router.HighlightConditions.sameLocation());
        l.setId(id);
        return l;
    }

    static Span figure(String id, String text) {
        Span s = new Span(text);
        s.setId(id);
        s.addClassName("sf-figure");
        return s;
    }

    @Override
    public String getPageTitle() {
        return getTranslation(titleKey);
    }
}
