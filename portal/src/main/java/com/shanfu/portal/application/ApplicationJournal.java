package com.shanfu.portal.application;

import com.shanfu.portal.notification.Outbox;
import com.shanfu.portal.privacy.Pii;
import java.time.Instant;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every status change is written down twice in the caller's transaction: as a step of the application's history and
 * as an SMS and an email to the applicant in their language, in the outbox. It listens to {@link ApplicationChange}s,
 * which the services publish inside their transaction.
 */
@Component
class ApplicationJournal {

    private final ApplicationEventRepository events;
    private final Outbox outbox;
    private final MessageSource messages;
    private final Pii pii;

    ApplicationJournal(ApplicationEventRepository events, Outbox outbox, MessageSource messages, Pii pii) {
        this.events = events;
        this.outbox = outbox;
        this.messages = messages;
        this.pii = pii;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(ApplicationChange change) {
        if (change.journaled()) {
            record(change.application(), change.actor(), change.note(), change.at());
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void record(Application a, String actor, String note, Instant at) {
        events.save(new ApplicationEvent(a.getId(), a.getStatus(), actor, note, at));
        Locale locale = locale(a.getLanguage());
        String status = messages.getMessage(a.getStatus().messageKey(), null, locale);
        String detail = a.getRejectReason() != null && a.getStatus() == ApplicationStatus.REJECTED
                ? messages.getMessage("notify.reason", new Object[] {a.getRejectReason()}, locale)
                : "";
        String text = messages.getMessage("notify.status", new Object[] {a.getId(), status, detail}, locale);
        if (a.getPhoneEnc() != null) {
            outbox.sms(a.getId(), pii.decrypt(a.getPhoneEnc()), a.getPhoneMasked(), text);
        }
        if (a.getApplicantEmail() != null) {
            outbox.email(
                    a.getId(),
                    a.getApplicantEmail(),
                    messages.getMessage("notify.subject", new Object[] {a.getId(), status}, locale),
                    text);
        }
    }

    String text(String key, Application a, Object... args) {
        return messages.getMessage(key, args, locale(a.getLanguage()));
    }

    static Locale locale(String language) {
        return "en".equals(language) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
    }
}
