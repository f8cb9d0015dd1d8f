package com.shanfu.portal.i18n;

import com.vaadin.flow.server.VaadinSession;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The two portal languages and how one is picked for a page: the choice made in this session, else the choice the
 * signed-in person made before ({@link LanguagePreferences}), else the browser's {@code Accept-Language} (a first
 * preference of {@code zh*} is 中文, any other English; no header at all, as from a script, is 中文).
 */
public final class Languages {

    public static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;
    public static final Locale ENGLISH = Locale.ENGLISH;
    private static final String ATTRIBUTE = "shanfu.locale";

    private Languages() {}

    /** The language chosen in this session, if one was. */
    public static Optional<Locale> chosen() {
        VaadinSession s = VaadinSession.getCurrent();
        Object chosen = s == null ? null : s.getAttribute(ATTRIBUTE);
        return chosen instanceof Locale l ? Optional.of(l) : Optional.empty();
    }

    static void choose(Locale locale) {
        VaadinSession.getCurrent().setAttribute(ATTRIBUTE, locale);
    }

    /** The portal language an {@code Accept-Language} header asks for. */
    public static Locale fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return CHINESE;
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(header); // highest weight first
        } catch (IllegalArgumentException e) {
            return CHINESE;
        }
        for (Locale.LanguageRange r : ranges) {
            if (r.getWeight() <= 0 || r.getRange().equals("*")) {
                continue;
            }
            return r.getRange().toLowerCase(Locale.ROOT).startsWith("zh") ? CHINESE : ENGLISH;
        }
        return ENGLISH;
    }

    /** The tag stored for a language: zh-CN or en. */
    static String tag(Locale locale) {
        return CHINESE.getLanguage().equals(locale.getLanguage()) ? "zh-CN" : "en";
    }

    static Locale of(String tag) {
        return tag.startsWith("zh") ? CHINESE : ENGLISH;
    }
}
