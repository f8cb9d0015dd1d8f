package com.shanfu.portal.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Shown for a page that does not exist or that the signed-in user's roles do not open (Vaadin reports both as
 * "not found", so nothing is revealed about pages a user may not see).
 */
@ParentLayout(MainLayout.class)
@AnonymousAllowed
public class NotFoundView extends Div implements HasErrorParameter<NotFoundException> {

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        removeAll();
        addClassName("sf-page");
        setId("not-found");
        add(
                new H2(getTranslation("error.page.title")),
                new Paragraph(getTranslation(
                        "error.page.text", "/" + event.getLocation().getPath())),
                new RouterLink(getTranslation("nav.home"), com.shanfu.portal.application.ui.HomeView.class));
        return HttpServletResponse.SC_NOT_FOUND;
    }
}
