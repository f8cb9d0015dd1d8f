package com.shanfu.portal.i18n;

import com.shanfu.portal.security.CurrentUser;
import com.vaadin.flow.component.UI;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The language each signed-in person chose, kept by Keycloak subject in {@code user_language}. */
@Component
public class LanguagePreferences {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    LanguagePreferences(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Optional<Locale> of(String subject) {
        return jdbc.queryForList("select language from user_language where subject = ?", String.class, subject).stream()
                .findFirst()
                .map(Languages::of);
    }

    void remember(String subject, Locale locale) {
        jdbc.update(
                "insert into user_language (subject, language, updated_at) values (?, ?, ?)"
                        + " on duplicate key update language = values(language), updated_at = values(updated_at)",
                subject,
                Languages.tag(locale),
                Timestamp.from(clock.instant()));
    }

    /**
     * Switches the page to the other language for this session, remembers it for the signed-in person (their next
     * session, on any device, starts in it) and reloads the page.
     */
    public void toggle(UI ui) {
        Locale next = Languages.CHINESE.getLanguage().equals(ui.getLocale().getLanguage())
                ? Languages.ENGLISH
                : Languages.CHINESE;
        Languages.choose(next);
        CurrentUser.get().ifPresent(u -> remember(u.subject(), next));
        ui.getPage().reload();
    }
}
