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
import java.util.List;

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

    @Column(name = "detail_key")
    private String detailKey;

    @Column(name = "detail_args")
    private String detailArgs;

    @Column(nullable = false)
    private Instant at;

    /**
     * What a check found, for every reader: the English words (kept in {@code detail}) and the bundle key
     * {@code check.detail.KEY} with its arguments, so that each reader sees it in their language. An argument starting
     * with {@code @} is a key itself (or keys joined by {@code +}, a list).
     */
    public record Detail(String english, String key, List<String> args) {

        /** An argument that is a word of the bundles: {@code @} and the key, the value as keys write it (AUTO_REJECT: auto-reject). */
        static String wordOf(String prefix, String value) {
            return "@" + prefix + value.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        static Detail of(String english, String key, Object... args) {
            return new Detail(
                    english,
                    key,
                    java.util.Arrays.stream(args).map(String::valueOf).toList());
        }
    }

    private static final String SEPARATOR = "\u001F";

    protected KycCheck() {}

    KycCheck(Long applicationId, Kind kind, Outcome outcome, String detail, Instant at) {
        this.applicationId = applicationId;
        this.kind = kind;
        this.outcome = outcome;
        this.detail = detail;
        this.at = at;
    }

    KycCheck(Long applicationId, Kind kind, Outcome outcome, Detail detail, Instant at) {
        this(applicationId, kind, outcome, detail.english(), at);
        this.detailKey = detail.key();
        this.detailArgs = String.join(SEPARATOR, detail.args());
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

    /** The bundle key of the detail (under check.detail.), null for a check written before details were worded. */
    public String getDetailKey() {
        return detailKey;
    }

    public List<String> getDetailArgs() {
        return detailArgs == null || detailArgs.isEmpty() ? List.of() : List.of(detailArgs.split(SEPARATOR, -1));
    }

    public Instant getAt() {
        return at;
    }
}
