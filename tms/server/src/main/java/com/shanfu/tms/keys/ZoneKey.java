package com.shanfu.tms.keys;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A key shared with another party, kept under the LMK. */
@Entity
@Table(name = "zone_key")
class ZoneKey {
    @Id
    private String name;

    @Column(name = "key_lmk", nullable = false)
    private byte[] keyLmk;

    @Column(nullable = false)
    private String kcv;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected ZoneKey() {}

    ZoneKey(String name, LmkKey key, Instant createdAt) {
        this.name = name;
        this.keyLmk = key.underLmk();
        this.kcv = key.kcv();
        this.createdAt = createdAt;
    }

    LmkKey key() {
        return new LmkKey(keyLmk, kcv);
    }
}
