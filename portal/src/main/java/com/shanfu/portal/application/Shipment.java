package com.shanfu.portal.application;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;

/**
 * The device sent for an application. Its one-time activation code from the TMS is kept only as a keyed hash; the
 * code itself is known only to the request that issued it (shown once to staff, sent by SMS, printed on the slip).
 */
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

    @Column(name = "activation_code_hash", nullable = false)
    private String activationCodeHash;
    /** The code just issued, in this request only: never stored. */
    @Transient
    private String issuedCode;

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

    protected Shipment() {}

    Shipment(
            Long applicationId,
            String serial,
            String model,
            String tid,
            IssuedCode activationCode,
            Instant activationExpiresAt,
            String courier,
            String trackingNumber,
            String shippedBy,
            Instant shippedAt) {
        this.courier = courier;
        this.trackingNumber = trackingNumber;
        this.applicationId = applicationId;
        this.serial = serial;
        this.model = model;
        this.tid = tid;
        this.issuedCode = activationCode.code();
        this.activationCodeHash = activationCode.hash();
        this.activationExpiresAt = activationExpiresAt;
        this.shippedBy = shippedBy;
        this.shippedAt = shippedAt;
    }

    /** A code with its keyed hash (see {@link IssuedCode#of}). */
    record IssuedCode(String code, String hash) {
        static IssuedCode of(String serial, String code, com.shanfu.portal.privacy.Pii pii) {
            return new IssuedCode(code, pii.hash("activation-code:" + serial + ":" + code));
        }
    }

    void newActivationCode(IssuedCode code, Instant expiresAt, Instant issuedAt) {
        this.issuedCode = code.code();
        this.activationCodeHash = code.hash();
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

    /** The code issued in this request, or empty: a shipment read back from the database has no code. */
    public java.util.Optional<String> issuedCode() {
        return java.util.Optional.ofNullable(issuedCode);
    }

    /** Whether this is the code last issued (a caller reading it out to support, say). */
    public boolean isActivationCode(String candidate, com.shanfu.portal.privacy.Pii pii) {
        return candidate != null
                && IssuedCode.of(serial, candidate.strip(), pii).hash().equals(activationCodeHash);
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
