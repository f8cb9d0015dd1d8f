package com.shanfu.tms.config;

import com.shanfu.tms.contract.Scope;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Settings that replace the template's for a group of terminals or one terminal. */
@Entity
@Table(name = "config_override")
class ConfigOverride {

    /** From the widest to the narrowest: a narrower scope wins. */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Scope scope;

    @Column(name = "scope_key", nullable = false)
    private String scopeKey;

    @Column(name = "settings_json", nullable = false)
    private String settingsJson;

    @Column(name = "updated_by", nullable = false)
    private String updatedBy;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ConfigOverride() {}

    ConfigOverride(Scope scope, String scopeKey, String settingsJson, String updatedBy, Instant updatedAt) {
        this.scope = scope;
        this.scopeKey = scopeKey;
        this.settingsJson = settingsJson;
        this.updatedBy = updatedBy;
        this.updatedAt = updatedAt;
    }

    Scope scope() {
        return scope;
    }

    String scopeKey() {
        return scopeKey;
    }

    String settingsJson() {
        return settingsJson;
    }

    void replace(String json, String by, Instant at) {
        this.settingsJson = json;
        this.updatedBy = by;
        this.updatedAt = at;
    }
}
