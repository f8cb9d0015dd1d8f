package com.shanfu.tms.parameters;

import com.shanfu.protocol.iso.Parameters;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A card scheme's CA public key, as terminals download it. */
@Entity
@Table(name = "ca_public_key")
@IdClass(CaPublicKey.Id.class)
public class CaPublicKey {

    public record Id(String rid, int keyIndex) implements Serializable {
        public Id {}

        Id() {
            this(null, 0);
        }
    }

    @jakarta.persistence.Id
    private String rid;

    @jakarta.persistence.Id
    @Column(name = "key_index")
    private int keyIndex;

    @Column(nullable = false)
    private String expiry;

    @Column(nullable = false)
    private String modulus;

    @Column(nullable = false)
    private String exponent;

    @Column(nullable = false)
    private String checksum;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected CaPublicKey() {}

    CaPublicKey(Parameters.CaKey key, Instant createdAt) {
        this.rid = key.ref().rid();
        this.keyIndex = key.ref().index();
        this.expiry = key.ref().expiry();
        this.modulus = key.modulus();
        this.exponent = key.exponent();
        this.checksum = key.checksum();
        this.createdAt = createdAt;
    }

    public Parameters.CaKey toKey() {
        return new Parameters.CaKey(new Parameters.CaKeyRef(rid, keyIndex, expiry), modulus, exponent);
    }

    public String checksum() {
        return checksum;
    }
}
