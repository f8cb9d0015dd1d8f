package com.shanfu.tms.merchant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "merchant")
public class Merchant {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String mid;
    @Column(name = "external_ref", nullable = false)
    private String externalRef;
    @Column(nullable = false)
    private String name;
    @Column(nullable = false)
    private String city;
    @Column(nullable = false)
    private String mcc;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Merchant() {
    }

    public Merchant(String externalRef, String name, String city, String mcc, Instant createdAt) {
        this.externalRef = externalRef;
        this.name = name;
        this.city = city;
        this.mcc = mcc;
        this.createdAt = createdAt;
    }

    /** MID (15): acquirer prefix 898, city code, MCC, then the merchant's sequence number. */
    void allocateMid() {
        if (mid != null) {
            throw new IllegalStateException("MID already allocated");
        }
        this.mid = "898" + mcc + String.format("%08d", id);
    }

    public Long id() {
        return id;
    }

    public String mid() {
        return mid;
    }

    public String name() {
        return name;
    }

    public String city() {
        return city;
    }

    public String mcc() {
        return mcc;
    }

    public String externalRef() {
        return externalRef;
    }
}
