package com.shanfu.portal.i18n;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinSession;
import java.util.Locale;

/** The two portal languages and the session's choice. */
public final class Languages {

    public static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;
    public static final Locale ENGLISH = Locale.ENGLISH;
    private static final String ATTRIBUTE = "shanfu.locale";

    private Languages() {}

    public static Locale current() {
        VaadinSession s = VaadinSession.getCurrent();
        Object chosen = s == null ? null : s.getAttribute(ATTRIBUTE);
        return chosen instanceof Locale l ? l : CHINESE;
    }

    /** Switches between Chinese and English for this session and reloads the page in the new language. */
    public static void toggle(UI ui) {
        Locale next = CHINESE.equals(current()) ? ENGLISH : CHINESE;
        VaadinSession.getCurrent().setAttribute(ATTRIBUTE, next);
        ui.getPage().reload();
    }
}
