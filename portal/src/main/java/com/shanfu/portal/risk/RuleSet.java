package com.shanfu.portal.risk;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/** A published version of the rules; versions are never changed, a change is a new version. */
@Entity
@Immutable
@Table(name = "risk_rule_set")
class RuleSet {

    @Id
    private int version;

    @Column(name = "rules_json", nullable = false)
    private String rulesJson;

    @Column(nullable = false)
    private String note;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected RuleSet() {}

    RuleSet(int version, String rulesJson, String note, String createdBy, Instant createdAt) {
        this.version = version;
        this.rulesJson = rulesJson;
        this.note = note;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    int version() {
        return version;
    }

    String rulesJson() {
        return rulesJson;
    }

    String note() {
        return note;
    }

    String createdBy() {
        return createdBy;
    }

    Instant createdAt() {
        return createdAt;
    }
}
