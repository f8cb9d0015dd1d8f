package com.shanfu.portal.application;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** One code sent to prove a phone number; only the code's keyed hash is kept. */
@Entity
@Table(name = "phone_verification")
class PhoneVerification {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "applicant_subject", nullable = false)
    private String applicantSubject;

    @Column(name = "phone_hash", nullable = false)
    private String phoneHash;

    @Column(name = "code_hash", nullable = false)
    private String codeHash;

    @Column(name = "sent_at", nullable = false)
    private Instant sentAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "verified_at")
    private Instant verifiedAt;

    @Version
    private long version;

    protected PhoneVerification() {}

    PhoneVerification(String subject, String phoneHash, String codeHash, Instant sentAt, Instant expiresAt) {
        this.applicantSubject = subject;
        this.phoneHash = phoneHash;
        this.codeHash = codeHash;
        this.sentAt = sentAt;
        this.expiresAt = expiresAt;
    }

    String codeHash() {
        return codeHash;
    }

    Instant sentAt() {
        return sentAt;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    int attempts() {
        return attempts;
    }

    Instant verifiedAt() {
        return verifiedAt;
    }

    void wrongCode() {
        attempts++;
    }

    void verified(Instant at) {
        attempts++;
        verifiedAt = at;
    }
}
