package com.shanfu.portal.merchant.ui;

import com.shanfu.portal.merchant.Notifications;
import com.shanfu.portal.merchant.Shops;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;

/** A merchant page about one thing named by its id in the URL (a transaction, a dispute), looked up for the shop. */
abstract class MerchantItemPage extends MerchantPage implements HasUrlParameter<Long> {

    private final Shops shops;
    private final Notifications notifications;
    long id;

    MerchantItemPage(String titleKey, Shops shops, Notifications notifications) {
        super(titleKey);
        this.shops = shops;
        this.notifications = notifications;
    }

    @Override
    public void setParameter(BeforeEvent event, Long parameter) {
        id = parameter;
        show(shops, notifications);
    }
}
