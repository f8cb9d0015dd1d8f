package com.shanfu.tms.config;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/** A published version of the configuration template; never changed, a change is a new version. */
@Entity
@Immutable
@Table(name = "config_version")
class ConfigVersion {

    @Id
    private int version;

    @Column(name = "settings_json", nullable = false)
    private String settingsJson;

    @Column(nullable = false)
    private String note;

    @Column(name = "published_by", nullable = false)
    private String publishedBy;

    @Column(name = "published_at", nullable = false)
    private Instant publishedAt;

    protected ConfigVersion() {}

    ConfigVersion(int version, String settingsJson, String note, String publishedBy, Instant publishedAt) {
        this.version = version;
        this.settingsJson = settingsJson;
        this.note = note;
        this.publishedBy = publishedBy;
        this.publishedAt = publishedAt;
    }

    int version() {
        return version;
    }

    String settingsJson() {
        return settingsJson;
    }

    String note() {
        return note;
    }

    String publishedBy() {
        return publishedBy;
    }

    Instant publishedAt() {
        return publishedAt;
    }
}
