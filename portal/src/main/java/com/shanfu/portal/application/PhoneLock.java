package com.shanfu.portal.application;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A phone number that may not receive or use codes for a while, after too many wrong codes or sends. */
@Entity
@Table(name = "phone_lock")
class PhoneLock {

    @Id
    @Column(name = "phone_hash")
    private String phoneHash;

    @Column(name = "locked_until", nullable = false)
    private Instant lockedUntil;

    @Column(nullable = false)
    private String reason;

    protected PhoneLock() {}

    PhoneLock(String phoneHash, Instant lockedUntil, String reason) {
        this.phoneHash = phoneHash;
        this.lockedUntil = lockedUntil;
        this.reason = reason;
    }

    Instant lockedUntil() {
        return lockedUntil;
    }

    void extend(Instant until, String why) {
        lockedUntil = until;
        reason = why;
    }
}
