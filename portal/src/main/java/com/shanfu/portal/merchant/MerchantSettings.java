package com.shanfu.portal.merchant;

import com.shanfu.portal.application.ApplicationException;
import com.shanfu.portal.application.MobilePhone;
import com.shanfu.portal.application.PhoneVerifications;
import com.shanfu.portal.audit.Audit;
import com.shanfu.portal.notification.Outbox;
import com.shanfu.portal.privacy.Pii;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.security.KeycloakAccounts;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A shop's contact details, notification preferences and second users. Only the owner changes them. */
@Service
public class MerchantSettings {

    public static final int MAX_CASHIERS = 3;
    private static final String EMAIL = "[^@\\s]{1,64}@[^@\\s]{1,190}\\.[a-zA-Z]{2,24}";
    private static final String USERNAME = "[a-z][a-z0-9._-]{3,31}";

    private final MerchantProfileRepository profiles;
    private final ShopUserRepository users;
    private final Shops shops;
    private final Pii pii;
    private final KeycloakAccounts accounts;
    private final Audit audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final PhoneVerifications phones;

    MerchantSettings(
            MerchantProfileRepository profiles,
            ShopUserRepository users,
            Shops shops,
            Pii pii,
            KeycloakAccounts accounts,
            Audit audit,
            Clock clock,
            PhoneVerifications phones) {
        this.phones = phones;
        this.profiles = profiles;
        this.users = users;
        this.shops = shops;
        this.pii = pii;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    /** What the settings page shows: masked contact details (null = the application's), preferences, second users. */
    public record View(
            String phoneMasked,
            String emailMasked,
            boolean sms,
            boolean email,
            Set<Notifications.Kind> muted,
            List<String> cashiers) {}

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('merchant', 'cashier')")
    public View view() {
        Shop shop = shops.current();
        MerchantProfile p = profiles.findById(shop.mid()).orElse(new MerchantProfile(shop.mid(), clock.instant()));
        return new View(
                p.contactPhoneMasked(),
                p.contactEmailMasked(),
                p.notifySms(),
                p.notifyEmail(),
                p.muted(),
                users.findByMidOrderByCreatedAtAsc(shop.mid()).stream()
                        .map(ShopUser::username)
                        .toList());
    }

    /** Sends a code to a new contact phone, which the owner proves before it is used (as when applying). */
    @PreAuthorize("hasRole('merchant')")
    public long sendCode(String phone, java.util.Locale locale) {
        shops.owned();
        if (MobilePhone.problem(phone).isPresent()) {
            throw new ApplicationException("settings.phone-invalid");
        }
        return phones.send(phone, CurrentUser.require(), locale);
    }

    /**
     * New contact phone, proved with the SMS code sent to it, and email for notifications; both stored encrypted.
     * A wrong code counts against the number's tries even though nothing else changes.
     */
    @Transactional(noRollbackFor = ApplicationException.class)
    @PreAuthorize("hasRole('merchant')")
    public void contact(String phone, String code, String email) {
        Shop shop = shops.owned();
        String p = MobilePhone.normalise(phone == null ? "" : phone);
        var problem = MobilePhone.problem(p);
        if (problem.isPresent()) {
            throw new ApplicationException("settings.phone-invalid");
        }
        String e = email == null ? "" : email.strip();
        if (!e.matches(EMAIL)) {
            throw new ApplicationException("settings.email-invalid");
        }
        phones.verify(p, code, CurrentUser.require());
        MerchantProfile profile = profile(shop);
        profile.contact(pii.encrypt(p), MobilePhone.mask(p), pii.encrypt(e), Outbox.maskEmail(e), clock.instant());
        audit.record(shop.username(), "CONTACT_CHANGED", "merchant", shop.mid(), null, MobilePhone.mask(p));
    }

    @Transactional
    @PreAuthorize("hasRole('merchant')")
    public void preferences(boolean sms, boolean email, Set<Notifications.Kind> muted) {
        Shop shop = shops.owned();
        profile(shop).preferences(sms, email, muted, clock.instant());
        audit.record(
                shop.username(),
                "NOTIFICATIONS_CHANGED",
                "merchant",
                shop.mid(),
                null,
                "sms=" + sms + " email=" + email + " muted=" + muted);
    }

    public record NewCashier(String username, String firstPassword) {}

    /**
     * Creates a Keycloak account with the cashier role for this shop, with a first password the cashier changes at
     * the first sign-in. Refused for a taken username or when the shop has {@link #MAX_CASHIERS} already.
     */
    @Transactional
    @PreAuthorize("hasRole('merchant')")
    public NewCashier addCashier(String username, String name, String email) {
        Shop shop = shops.owned();
        String u = username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT);
        if (!u.matches(USERNAME)) {
            throw new ApplicationException("settings.cashier.username-invalid");
        }
        if (name == null || name.isBlank() || name.strip().length() > 40) {
            throw new ApplicationException("settings.cashier.name-required");
        }
        String mail = email == null ? "" : email.strip();
        if (!mail.matches(EMAIL)) {
            throw new ApplicationException("settings.email-invalid");
        }
        if (users.findByMidOrderByCreatedAtAsc(shop.mid()).size() >= MAX_CASHIERS) {
            throw new ApplicationException("settings.cashier.too-many", MAX_CASHIERS);
        }
        if (users.existsByUsername(u)) {
            throw new ApplicationException("settings.cashier.taken");
        }
        String password = firstPassword();
        String subject = accounts.createUser(u, mail, name.strip(), shop.name(), password, "cashier")
                .orElseThrow(() -> new ApplicationException("settings.cashier.taken"));
        users.save(new ShopUser(shop.mid(), subject, u, Shop.Role.CASHIER, shop.username(), clock.instant()));
        audit.record(shop.username(), "CASHIER_ADDED", "merchant", shop.mid(), null, u);
        return new NewCashier(u, password);
    }

    private MerchantProfile profile(Shop shop) {
        return profiles.findById(shop.mid())
                .orElseGet(() -> profiles.save(new MerchantProfile(shop.mid(), clock.instant())));
    }

    private String firstPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
