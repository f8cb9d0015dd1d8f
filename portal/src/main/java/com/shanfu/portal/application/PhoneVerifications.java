package com.shanfu.portal.application;

import com.shanfu.portal.notification.Outbox;
import com.shanfu.portal.privacy.Pii;
import com.shanfu.portal.security.CurrentUser;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Proving a phone number with a one-time code: 6 digits, valid 5 minutes, at most 5 tries per code, at most one send
 * per 60 s per number and 5 per hour; too many wrong codes or sends lock the number for 30 minutes. Refusals are
 * {@link ApplicationException}s, and the counting they cause is committed all the same.
 */
@Service
public class PhoneVerifications {

    public static final int CODE_DIGITS = 6;
    public static final Duration VALIDITY = Duration.ofMinutes(5);
    public static final int MAX_TRIES = 5;
    public static final Duration RESEND_INTERVAL = Duration.ofSeconds(60);
    public static final int MAX_SENDS_PER_HOUR = 5;
    public static final Duration LOCK = Duration.ofMinutes(30);
    /** How long a proved number counts as proved for submitting an application. */
    public static final Duration PROOF_VALIDITY = Duration.ofMinutes(30);

    private final PhoneVerificationRepository verifications;
    private final PhoneLockRepository locks;
    private final Outbox outbox;
    private final MessageSource messages;
    private final Pii pii;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    PhoneVerifications(
            PhoneVerificationRepository verifications,
            PhoneLockRepository locks,
            Outbox outbox,
            MessageSource messages,
            Pii pii,
            Clock clock) {
        this.verifications = verifications;
        this.locks = locks;
        this.outbox = outbox;
        this.messages = messages;
        this.pii = pii;
        this.clock = clock;
    }

    /** Sends a new code by SMS (through the outbox); returns the seconds until another may be sent. */
    @Transactional(noRollbackFor = ApplicationException.class)
    @PreAuthorize("hasAnyRole('applicant', 'merchant')")
    public long send(String rawPhone, CurrentUser user, Locale locale) {
        String phone = provable(rawPhone);
        String phoneHash = hash(phone);
        Instant now = clock.instant();
        refuseIfLocked(phoneHash, now);
        List<PhoneVerification> lastHour =
                verifications.findByPhoneHashAndSentAtAfterOrderBySentAtDesc(phoneHash, now.minus(Duration.ofHours(1)));
        if (!lastHour.isEmpty()) {
            long wait = Duration.between(now, lastHour.get(0).sentAt().plus(RESEND_INTERVAL))
                    .toSeconds();
            if (wait > 0) {
                throw new ApplicationException("otp.wait", wait);
            }
        }
        if (lastHour.size() >= MAX_SENDS_PER_HOUR) {
            lock(phoneHash, now, "TOO_MANY_SENDS");
            throw new ApplicationException("otp.locked", LOCK.toMinutes());
        }
        String code = String.format("%0" + CODE_DIGITS + "d", random.nextInt((int) Math.pow(10, CODE_DIGITS)));
        verifications.save(
                new PhoneVerification(user.subject(), phoneHash, codeHash(phoneHash, code), now, now.plus(VALIDITY)));
        outbox.smsWithCode(
                null,
                phone,
                MobilePhone.mask(phone),
                messages.getMessage("sms.otp", new Object[] {code, VALIDITY.toMinutes()}, locale),
                code);
        return RESEND_INTERVAL.toSeconds();
    }

    /** Checks a code against the newest one sent to this user for this number. */
    @Transactional(noRollbackFor = ApplicationException.class)
    @PreAuthorize("hasAnyRole('applicant', 'merchant')")
    public void verify(String rawPhone, String code, CurrentUser user) {
        String phone = provable(rawPhone);
        String phoneHash = hash(phone);
        Instant now = clock.instant();
        refuseIfLocked(phoneHash, now);
        PhoneVerification v = verifications
                .findFirstByApplicantSubjectAndPhoneHashOrderBySentAtDesc(user.subject(), phoneHash)
                .orElseThrow(() -> new ApplicationException("otp.not-sent"));
        if (v.verifiedAt() != null) {
            return;
        }
        if (v.attempts() >= MAX_TRIES) {
            throw new ApplicationException("otp.used-up");
        }
        if (now.isAfter(v.expiresAt())) {
            throw new ApplicationException("otp.expired");
        }
        String c = code == null ? "" : code.strip();
        if (!c.matches("\\d{" + CODE_DIGITS + "}") || !codeHash(phoneHash, c).equals(v.codeHash())) {
            v.wrongCode();
            int left = MAX_TRIES - v.attempts();
            if (left <= 0) {
                lock(phoneHash, now, "TOO_MANY_TRIES");
                throw new ApplicationException("otp.locked", LOCK.toMinutes());
            }
            throw new ApplicationException("otp.wrong", left);
        }
        v.verified(now);
    }

    /** True when this user proved this number within the last {@link #PROOF_VALIDITY}. */
    @Transactional(readOnly = true)
    public boolean proved(String rawPhone, CurrentUser user) {
        String phoneHash = hash(MobilePhone.normalise(rawPhone));
        return verifications
                .findFirstByApplicantSubjectAndPhoneHashOrderBySentAtDesc(user.subject(), phoneHash)
                .map(v -> v.verifiedAt() != null
                        && v.verifiedAt().plus(PROOF_VALIDITY).isAfter(clock.instant()))
                .orElse(false);
    }

    private String provable(String rawPhone) {
        MobilePhone.problem(rawPhone).ifPresent(k -> {
            throw new ApplicationException(k);
        });
        return MobilePhone.normalise(rawPhone);
    }

    private void refuseIfLocked(String phoneHash, Instant now) {
        locks.findById(phoneHash).filter(l -> l.lockedUntil().isAfter(now)).ifPresent(l -> {
            throw new ApplicationException(
                    "otp.locked",
                    Math.max(1, Duration.between(now, l.lockedUntil()).toMinutes()));
        });
    }

    private void lock(String phoneHash, Instant now, String why) {
        locks.findById(phoneHash)
                .ifPresentOrElse(
                        l -> l.extend(now.plus(LOCK), why),
                        () -> locks.save(new PhoneLock(phoneHash, now.plus(LOCK), why)));
    }

    /** The keyed hash of a normalised number: codes, locks and the same-phone rule find a number by it. */
    String hash(String phone) {
        return pii.hash("phone:" + phone);
    }

    private String codeHash(String phoneHash, String code) {
        return pii.hash("otp:" + phoneHash + ":" + code);
    }
}
