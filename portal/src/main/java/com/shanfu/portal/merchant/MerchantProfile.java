package com.shanfu.portal.merchant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** A shop's contact details (encrypted, shown masked) and which notifications it wants by SMS and email. */
@Entity
@Table(name = "merchant_profile")
class MerchantProfile {

    @Id
    private String mid;

    @Column(name = "contact_phone_enc")
    private String contactPhoneEnc;

    @Column(name = "contact_phone_masked")
    private String contactPhoneMasked;

    @Column(name = "contact_email_enc")
    private String contactEmailEnc;

    @Column(name = "contact_email_masked")
    private String contactEmailMasked;

    @Column(name = "notify_sms", nullable = false)
    private boolean notifySms = true;

    @Column(name = "notify_email", nullable = false)
    private boolean notifyEmail = true;

    @Column(name = "muted_kinds", nullable = false)
    private String mutedKinds = "";

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected MerchantProfile() {}

    MerchantProfile(String mid, Instant at) {
        this.mid = mid;
        this.updatedAt = at;
    }

    void contact(String phoneEnc, String phoneMasked, String emailEnc, String emailMasked, Instant at) {
        this.contactPhoneEnc = phoneEnc;
        this.contactPhoneMasked = phoneMasked;
        this.contactEmailEnc = emailEnc;
        this.contactEmailMasked = emailMasked;
        this.updatedAt = at;
    }

    void preferences(boolean sms, boolean email, Set<Notifications.Kind> muted, Instant at) {
        this.notifySms = sms;
        this.notifyEmail = email;
        this.mutedKinds = muted.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
        this.updatedAt = at;
    }

    Set<Notifications.Kind> muted() {
        return mutedKinds.isBlank()
                ? EnumSet.noneOf(Notifications.Kind.class)
                : Arrays.stream(mutedKinds.split(","))
                        .map(Notifications.Kind::valueOf)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Notifications.Kind.class)));
    }

    String mid() {
        return mid;
    }

    String contactPhoneEnc() {
        return contactPhoneEnc;
    }

    String contactPhoneMasked() {
        return contactPhoneMasked;
    }

    String contactEmailEnc() {
        return contactEmailEnc;
    }

    String contactEmailMasked() {
        return contactEmailMasked;
    }

    boolean notifySms() {
        return notifySms;
    }

    boolean notifyEmail() {
        return notifyEmail;
    }
}
