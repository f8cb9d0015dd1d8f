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

/** An ID number, phone number or card staff have barred, as a keyed hash. */
@Entity
@Table(name = "blocklist_entry")
public class BlocklistEntry {

    public enum Kind {
        ID_NUMBER,
        PHONE,
        CARD
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Kind kind;

    @Column(name = "value_hash", nullable = false)
    private String valueHash;

    @Column(nullable = false)
    private String reason;

    @Column(name = "added_by", nullable = false)
    private String addedBy;

    @Column(name = "added_at", nullable = false)
    private Instant addedAt;

    protected BlocklistEntry() {}

    BlocklistEntry(Kind kind, String valueHash, String reason, String addedBy, Instant addedAt) {
        this.kind = kind;
        this.valueHash = valueHash;
        this.reason = reason;
        this.addedBy = addedBy;
        this.addedAt = addedAt;
    }

    Kind kind() {
        return kind;
    }

    public Long getId() {
        return id;
    }

    public Kind getKind() {
        return kind;
    }

    public String getReason() {
        return reason;
    }

    public String getAddedBy() {
        return addedBy;
    }

    public Instant getAddedAt() {
        return addedAt;
    }
}
