package com.shanfu.portal.i18n;

import com.shanfu.portal.security.CurrentUser;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinServiceInitListener;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Each page's language: chosen in this session, else remembered for the signed-in person (read once per session),
 * else the browser's Accept-Language ({@link Languages}).
 */
@Component
class LocaleSetup implements VaadinServiceInitListener {

    private final LanguagePreferences preferences;

    LocaleSetup(LanguagePreferences preferences) {
        this.preferences = preferences;
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addUIInitListener(ui -> ui.getUI().setLocale(pick()));
    }

    private Locale pick() {
        return Languages.chosen()
                .or(() -> CurrentUser.get()
                        .flatMap(u -> preferences.of(u.subject()))
                        .map(l -> {
                            Languages.choose(l); // read once per session
                            return l;
                        }))
                .orElseGet(() -> {
                    VaadinRequest request = VaadinRequest.getCurrent();
                    return Languages.fromAcceptLanguage(request == null ? null : request.getHeader("Accept-Language"));
                });
    }
}
