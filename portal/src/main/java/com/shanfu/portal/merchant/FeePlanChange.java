package com.shanfu.portal.merchant;

import com.shanfu.portal.application.FeeRates;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;

/** A new fee plan for a shop, announced at least 30 days before its effective day, applied in the TMS on that day. */
@Entity
@Table(name = "fee_plan_change")
public class FeePlanChange {

    public static final int NOTICE_DAYS = 30;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String mid;

    @Column(name = "fee_plan", nullable = false)
    private String feePlan;

    @jakarta.persistence.Embedded
    private FeeRates rates;

    @Column(name = "effective_on", nullable = false)
    private LocalDate effectiveOn;

    @Column(name = "announced_by", nullable = false)
    private String announcedBy;

    @Column(name = "announced_at", nullable = false)
    private Instant announcedAt;

    @Column(name = "applied_at")
    private Instant appliedAt;

    protected FeePlanChange() {}

    FeePlanChange(
            String mid,
            String feePlan,
            FeeRates rates,
            LocalDate effectiveOn,
            String announcedBy,
            Instant announcedAt) {
        this.mid = mid;
        this.feePlan = feePlan;
        this.rates = rates;
        this.effectiveOn = effectiveOn;
        this.announcedBy = announcedBy;
        this.announcedAt = announcedAt;
    }

    void applied(Instant at) {
        this.appliedAt = at;
    }

    public Long getId() {
        return id;
    }

    public String getMid() {
        return mid;
    }

    public String getFeePlan() {
        return feePlan;
    }

    public FeeRates getRates() {
        return rates;
    }

    public LocalDate getEffectiveOn() {
        return effectiveOn;
    }

    public String getAnnouncedBy() {
        return announcedBy;
    }

    public Instant getAnnouncedAt() {
        return announcedAt;
    }

    public Instant getAppliedAt() {
        return appliedAt;
    }
}
