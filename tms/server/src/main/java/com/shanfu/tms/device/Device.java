package com.shanfu.tms.device;

import com.shanfu.tms.contract.DeviceStatus;
import com.shanfu.tms.merchant.Merchant;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

@Entity
@Table(name = "device")
public class Device {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String serial;

    @Column(name = "model_code", nullable = false)
    private String modelCode;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private DeviceStatus status;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "merchant_id")
    private Merchant merchant;

    private String tid;

    @Column(name = "shipment_ref")
    private String shipmentRef;

    @Column(name = "activation_code_hash")
    private String activationCodeHash;

    @Column(name = "activation_expires_at")
    private Instant activationExpiresAt;

    @Column(name = "activation_failures", nullable = false)
    private int activationFailures;

    @Column(name = "credential_hash")
    private String credentialHash;

    @Column(name = "software_version")
    private String softwareVersion;

    @Column(name = "battery_percent")
    private Integer batteryPercent;

    @Column(name = "paper_present")
    private Boolean paperPresent;

    /** WIFI, CELLULAR or ETHERNET, as the last heartbeat said; null: not said (an older terminal). */
    private String connectivity;

    @Column(name = "signal_dbm")
    private Integer signalDbm;

    @Column(name = "last_batch")
    private Integer lastBatch;

    @Column(name = "last_seen_at")
    private Instant lastSeenAt;

    @Column(name = "config_version")
    private Integer configVersion;

    @Version
    private long version;

    @Column(name = "device_public_key")
    private byte[] devicePublicKey;

    @Column(name = "device_key_sha256")
    private String deviceKeySha256;

    /** The device's public key (X.509 SubjectPublicKeyInfo) from the factory list, or null when none was registered. */
    public byte[] devicePublicKey() {
        return devicePublicKey == null ? null : devicePublicKey.clone();
    }

    public String deviceKeySha256() {
        return deviceKeySha256;
    }

    void registerKey(byte[] x509, String sha256) {
        this.devicePublicKey = x509.clone();
        this.deviceKeySha256 = sha256;
    }

    protected Device() {}

    public Device(String serial, String modelCode) {
        this.serial = serial;
        this.modelCode = modelCode;
        this.status = DeviceStatus.IN_STOCK;
    }

    /** Moves to the next lifecycle state, refusing illegal transitions. Returns the previous state. */
    DeviceStatus moveTo(DeviceStatus next) {
        if (!status.next().contains(next)) {
            throw new IllegalStateException("device " + serial + " cannot go from " + status + " to " + next);
        }
        DeviceStatus previous = status;
        status = next;
        return previous;
    }

    void assign(Merchant merchant, String shipmentRef) {
        this.merchant = merchant;
        this.shipmentRef = shipmentRef;
        if (tid == null) {
            this.tid = String.format("1%07d", id);
        }
    }

    void issueActivationCode(String codeHash, Instant expiresAt) {
        this.activationCodeHash = codeHash;
        this.activationExpiresAt = expiresAt;
        this.activationFailures = 0;
    }

    int recordActivationFailure() {
        return ++activationFailures;
    }

    void bind(String credentialHash) {
        this.credentialHash = credentialHash;
        this.activationCodeHash = null;
        this.activationExpiresAt = null;
        this.activationFailures = 0;
    }

    /** Any contact on the management channel: the terminal is alive. */
    static final java.time.Duration SEEN_GRANULARITY = java.time.Duration.ofMinutes(2);

    /**
     * Any contact on the management channel counts as seen, to two minutes: a terminal holding a long poll calls every
     * 30 s, and writing the row (a durable commit) on each call cost more than knowing the moment exactly (the
     * merchant watch asks about hours of silence). A heartbeat records its moment exactly ({@link #seen}).
     */
    void contacted(Instant at) {
        if (lastSeenAt == null || !lastSeenAt.isAfter(at.minus(SEEN_GRANULARITY))) {
            this.lastSeenAt = at;
        }
    }

    void seen(
            String softwareVersion,
            Integer battery,
            Boolean paper,
            Integer batch,
            String connectivity,
            Integer signalDbm,
            Instant at) {
        this.softwareVersion = softwareVersion;
        this.batteryPercent = battery;
        this.paperPresent = paper;
        this.lastBatch = batch;
        this.connectivity = connectivity;
        this.signalDbm = signalDbm;
        this.lastSeenAt = at;
    }

    public String connectivity() {
        return connectivity;
    }

    public Integer signalDbm() {
        return signalDbm;
    }

    public Long id() {
        return id;
    }

    public String serial() {
        return serial;
    }

    public String modelCode() {
        return modelCode;
    }

    public DeviceStatus status() {
        return status;
    }

    public Merchant merchant() {
        return merchant;
    }

    public String tid() {
        return tid;
    }

    public String shipmentRef() {
        return shipmentRef;
    }

    String activationCodeHash() {
        return activationCodeHash;
    }

    Instant activationExpiresAt() {
        return activationExpiresAt;
    }

    int activationFailures() {
        return activationFailures;
    }

    String credentialHash() {
        return credentialHash;
    }

    public Instant lastSeenAt() {
        return lastSeenAt;
    }

    /** The configuration version the terminal last reported as applied. */
    public Integer configVersion() {
        return configVersion;
    }

    public void configApplied(int version) {
        if (configVersion == null || version > configVersion) {
            configVersion = version;
        }
    }

    public Integer batteryPercent() {
        return batteryPercent;
    }

    public Boolean paperPresent() {
        return paperPresent;
    }

    public Integer lastBatch() {
        return lastBatch;
    }

    public String softwareVersion() {
        return softwareVersion;
    }
}
