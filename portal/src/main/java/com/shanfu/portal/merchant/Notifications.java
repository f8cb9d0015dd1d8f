package com.shanfu.portal.merchant;

import com.shanfu.portal.application.ApplicationQueries;
import com.shanfu.portal.notification.Outbox;
import com.shanfu.portal.privacy.Pii;
import java.time.Clock;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells a shop what happened: in the portal always, and by SMS and email through the outbox as its preferences say.
 * Each event has a key, and an event already told is not told again.
 */
@Service
public class Notifications {

    public enum Kind {
        PAYOUT_SENT,
        REFUND_DONE,
        REFUND_FAILED,
        DISPUTE_UPDATE,
        TERMINAL_OFFLINE,
        FEE_PLAN_CHANGE
    }

    private final NotificationRepository notifications;
    private final MerchantProfileRepository profiles;
    private final ApplicationQueries applications;
    private final Outbox outbox;
    private final Pii pii;
    private final MessageSource messages;
    private final Shops shops;
    private final Clock clock;

    Notifications(
            NotificationRepository notifications,
            MerchantProfileRepository profiles,
            ApplicationQueries applications,
            Outbox outbox,
            Pii pii,
            MessageSource messages,
            Shops shops,
            Clock clock) {
        this.notifications = notifications;
        this.profiles = profiles;
        this.applications = applications;
        this.outbox = outbox;
        this.pii = pii;
        this.messages = messages;
        this.shops = shops;
        this.clock = clock;
    }

    /**
     * Writes the notification and its messages in the caller's transaction; false when this event was told before.
     * The text is the translation {@code notify.merchant.<kind>} in the shop's language.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean tell(String mid, Kind kind, String eventKey, Object... args) {
        return tellAs(mid, kind, eventKey, "notify.merchant." + kind.name().toLowerCase(Locale.ROOT), args);
    }

    /** As {@link #tell}, with a text of its own (e.g. a chargeback notice among the dispute updates). */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean tellAs(String mid, Kind kind, String eventKey, String messageKey, Object... args) {
        var contact = applications.merchantContact(mid).orElse(null);
        if (contact == null || notifications.existsByMidAndEventKey(mid, eventKey)) {
            return false; // not a shop of this portal, or told already
        }
        Locale locale = "en".equals(contact.language()) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
        String text = messages.getMessage(messageKey, args, locale);
        // told at the same moment elsewhere: the unique key refuses this one and the caller's transaction rolls back
        notifications.save(new MerchantNotification(mid, kind, eventKey, text, clock.instant()));
        MerchantProfile p = profiles.findById(mid).orElse(null);
        if (p != null && p.muted().contains(kind)) {
            return true;
        }
        if (p == null || p.notifySms()) {
            String phone =
                    p != null && p.contactPhoneEnc() != null ? pii.decrypt(p.contactPhoneEnc()) : contact.phone();
            String masked =
                    p != null && p.contactPhoneMasked() != null ? p.contactPhoneMasked() : contact.phoneMasked();
            if (phone != null) {
                outbox.sms(contact.applicationId(), phone, masked, "【闪付】" + text);
            }
        }
        if (p == null || p.notifyEmail()) {
            String email =
                    p != null && p.contactEmailEnc() != null ? pii.decrypt(p.contactEmailEnc()) : contact.email();
            if (email != null) {
                outbox.email(
                        contact.applicationId(),
                        email,
                        messages.getMessage("notify.merchant.subject", null, locale),
                        text);
            }
        }
        return true;
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('merchant', 'cashier')")
    public Page<MerchantNotification> mine(int page, int size) {
        return notifications.findByMidOrderByCreatedAtDescIdDesc(shops.current().mid(), PageRequest.of(page, size));
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('merchant', 'cashier')")
    public long unread() {
        return notifications.countByMidAndReadAtIsNull(shops.current().mid());
    }

    /** Marks one of the shop's notifications read; another shop's id is not found. */
    @Transactional
    @PreAuthorize("hasAnyRole('merchant', 'cashier')")
    public boolean markRead(long id) {
        return notifications
                .findByIdAndMid(id, shops.current().mid())
                .map(n -> {
                    n.read(clock.instant());
                    return true;
                })
                .orElse(false);
    }
}
