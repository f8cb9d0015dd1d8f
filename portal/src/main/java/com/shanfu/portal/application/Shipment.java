package com.shanfu.portal.application;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The device sent for an application, with its one-time activation code from the TMS. */
@Entity
@Table(name = "shipment")
public class Shipment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "application_id", nullable = false)
    private Long applicationId;
    @Column(nullable = false)
    private String serial;
    @Column(nullable = false)
    private String model;
    @Column(nullable = false)
    private String tid;
    @Column(name = "activation_code", nullable = false)
    private String activationCode;
    @Column(name = "activation_expires_at", nullable = false)
    private Instant activationExpiresAt;
    @Column(name = "shipped_by", nullable = false)
    private String shippedBy;
    @Column(name = "shipped_at", nullable = false)
    private Instant shippedAt;
    private String courier;
    @Column(name = "tracking_number")
    private String trackingNumber;
    @Column(name = "delivered_at")
    private Instant deliveredAt;
    @Column(name = "code_issued_at")
    private Instant codeIssuedAt;
    @Column(name = "replaced_at")
    private Instant replacedAt;
    @Column(name = "replace_reason")
    private String replaceReason;

    protected Shipment() {
    }

    Shipment(Long applicationId, String serial, String model, String tid, String activationCode,
             Instant activationExpiresAt, String courier, String trackingNumber, String shippedBy, Instant shippedAt) {
        this.courier = courier;
        this.trackingNumber = trackingNumber;
        this.applicationId = applicationId;
        this.serial = serial;
        this.model = model;
        this.tid = tid;
        this.activationCode = activationCode;
        this.activationExpiresAt = activationExpiresAt;
        this.shippedBy = shippedBy;
        this.shippedAt = shippedAt;
    }

    void newActivationCode(String code, Instant expiresAt, Instant issuedAt) {
        this.activationCode = code;
        this.activationExpiresAt = expiresAt;
        this.codeIssuedAt = issuedAt;
    }

    public Instant getCodeIssuedAt() {
        return codeIssuedAt;
    }

    public String getSerial() {
        return serial;
    }

    public String getModel() {
        return model;
    }

    public String getTid() {
        return tid;
    }

    public String getActivationCode() {
        return activationCode;
    }

    public Instant getActivationExpiresAt() {
        return activationExpiresAt;
    }

    public Instant getShippedAt() {
        return shippedAt;
    }

    public String getCourier() {
        return courier;
    }

    public String getTrackingNumber() {
        return trackingNumber;
    }

    public Instant getDeliveredAt() {
        return deliveredAt;
    }

    void replaced(String reason, Instant at) {
        this.replaceReason = reason;
        this.replacedAt = at;
    }

    public Instant getReplacedAt() {
        return replacedAt;
    }

    void delivered(Instant at) {
        this.deliveredAt = at;
    }
}
