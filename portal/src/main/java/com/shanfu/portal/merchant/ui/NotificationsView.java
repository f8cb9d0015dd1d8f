package com.shanfu.portal.merchant.ui;

import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.merchant.MerchantNotification;
import com.shanfu.portal.merchant.Notifications;
import com.shanfu.portal.merchant.Shop;
import com.shanfu.portal.merchant.Shops;
import com.shanfu.portal.ui.MainLayout;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;

/** What the portal told the shop (also sent by SMS and email as the settings say), newest first. */
@Route(value = "merchant/notifications", layout = MainLayout.class)
@RolesAllowed({"merchant", "cashier"})
public class NotificationsView extends MerchantPage {

    private final Notifications notifications;

    public NotificationsView(Shops shops, Notifications notifications) {
        super("merchant.notifications.heading");
        this.notifications = notifications;
        show(shops, notifications);
    }

    @Override
    void build(Shop shop) {
        Div list = new Div();
        list.setId("notifications");
        var page = notifications.mine(0, 100);
        for (MerchantNotification n : page.getContent()) {
            Span when = new Span(Formats.dateTime(n.getCreatedAt(), getLocale()) + " · "
                    + getTranslation("notify.kind." + n.getKind().name().toLowerCase()));
            when.addClassName("sf-muted");
            Paragraph text = new Paragraph(n.getMessage());
            Div item = new Div(when, text);
            item.setId("notification-" + n.getId());
            item.addClassName("sf-card");
            item.getElement().setAttribute("data-kind", n.getKind().name());
            if (n.getReadAt() == null) {
                item.addClassName("sf-unread");
                Button read = new Button(getTranslation("merchant.notifications.mark-read"), e -> {
                    notifications.markRead(n.getId());
                    item.removeClassName("sf-unread");
                    e.getSource().setVisible(false);
                });
                read.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
                item.add(read);
            }
            list.add(item);
        }
        if (page.isEmpty()) {
            list.add(new Paragraph(getTranslation("merchant.notifications.none")));
        }
        add(list);
    }
}
