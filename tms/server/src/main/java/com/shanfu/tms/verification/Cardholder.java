package com.shanfu.tms.verification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A card and its holder at the simulated bank, every element kept as a keyed hash. */
@Entity
@Table(name = "cardholder")
class Cardholder {

    @Id
    @Column(name = "pan_hash")
    private String panHash;

    @Column(name = "name_hash", nullable = false)
    private String nameHash;

    @Column(name = "id_hash", nullable = false)
    private String idHash;

    @Column(name = "phone_hash", nullable = false)
    private String phoneHash;

    @Column(name = "card_type", nullable = false)
    private String cardType;

    @Column(nullable = false)
    private String status;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Cardholder() {}

    Cardholder(String panHash, String nameHash, String idHash, String phoneHash, String cardType, Instant now) {
        this.panHash = panHash;
        this.nameHash = nameHash;
        this.idHash = idHash;
        this.phoneHash = phoneHash;
        this.cardType = cardType;
        this.status = "ACTIVE";
        this.createdAt = now;
    }

    String nameHash() {
        return nameHash;
    }

    String idHash() {
        return idHash;
    }

    String phoneHash() {
        return phoneHash;
    }

    String cardType() {
        return cardType;
    }

    boolean active() {
        return "ACTIVE".equals(status);
    }
}
