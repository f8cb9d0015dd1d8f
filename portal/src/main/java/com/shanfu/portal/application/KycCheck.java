package com.shanfu.portal.application;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One automatic check on an application and its outcome; the detail never holds a full number. */
@Entity
@Table(name = "kyc_check")
public class KycCheck {

    public enum Kind {
        ID_NUMBER,
        PHONE_OTP,
        SETTLEMENT_CARD,
        DUPLICATES,
        CREDIT_STANDING,
        BLOCKLIST,
        FOUR_ELEMENTS,
        RISK_RULES
    }

    public enum Outcome {
        PASS,
        FAIL,
        ERROR,
        SKIPPED,
        REVIEW
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "application_id", nullable = false)
    private Long applicationId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Kind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Outcome outcome;

    private String detail;

    @Column(nullable = false)
    private Instant at;

    protected KycCheck() {}

    KycCheck(Long applicationId, Kind kind, Outcome outcome, String detail, Instant at) {
        this.applicationId = applicationId;
        this.kind = kind;
        this.outcome = outcome;
        this.detail = detail;
        this.at = at;
    }

    public Kind getKind() {
        return kind;
    }

    public Outcome getOutcome() {
        return outcome;
    }

    public String getDetail() {
        return detail;
    }

    public Instant getAt() {
        return at;
    }
}
