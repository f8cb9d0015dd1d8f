package com.shanfu.portal.application;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;

/** An individual's application for a personal POS terminal. */
@Entity
@Table(name = "application")
public class Application {

    public static final int NAME_MAX = 50;
    public static final int ADDRESS_MAX = 200;
    public static final int CITY_MAX = 50;
    public static final int REASON_MAX = 200;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "applicant_subject", nullable = false)
    private String applicantSubject;
    @Column(name = "applicant_username", nullable = false)
    private String applicantUsername;
    @Column(name = "legal_name", nullable = false, length = NAME_MAX)
    private String legalName;
    @Column(name = "id_number_enc", nullable = false)
    private String idNumberEnc;
    @Column(name = "id_number_masked", nullable = false)
    private String idNumberMasked;
    @Column(name = "id_number_hash", nullable = false)
    private String idNumberHash;
    @Column(name = "birth_date", nullable = false)
    private LocalDate birthDate;
    @Column(name = "region_code", nullable = false)
    private String regionCode;
    @Column(nullable = false)
    private String phone;
    @Column(name = "settlement_card_enc", nullable = false)
    private String settlementCardEnc;
    @Column(name = "settlement_card_masked", nullable = false)
    private String settlementCardMasked;
    @Column(name = "settlement_bank", nullable = false)
    private String settlementBank;
    @Column(name = "shipping_address", nullable = false, length = ADDRESS_MAX)
    private String shippingAddress;
    @Column(nullable = false, length = CITY_MAX)
    private String city;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ApplicationStatus status;
    @Column(name = "reject_reason", length = REASON_MAX)
    private String rejectReason;
    @Column(name = "merchant_mid")
    private String merchantMid;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Version
    private long version;

    protected Application() {
    }

    Application(String subject, String username, String legalName, String idNumberEnc, String idNumberMasked,
                String idNumberHash, LocalDate birthDate, String phone, String cardEnc, String cardMasked, String bank,
                String shippingAddress, String city, Instant now) {
        this.applicantSubject = subject;
        this.applicantUsername = username;
        this.legalName = legalName;
        this.idNumberEnc = idNumberEnc;
        this.idNumberMasked = idNumberMasked;
        this.idNumberHash = idNumberHash;
        this.birthDate = birthDate;
        this.regionCode = idNumberMasked.substring(0, 3);
        this.phone = phone;
        this.settlementCardEnc = cardEnc;
        this.settlementCardMasked = cardMasked;
        this.settlementBank = bank;
        this.shippingAddress = shippingAddress;
        this.city = city;
        this.status = ApplicationStatus.SUBMITTED;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void moveTo(ApplicationStatus next, Instant at) {
        boolean legal = switch (status) {
            case SUBMITTED -> next == ApplicationStatus.APPROVED || next == ApplicationStatus.REJECTED;
            case APPROVED -> next == ApplicationStatus.SHIPPED;
            case SHIPPED -> next == ApplicationStatus.ACTIVATED;
            case REJECTED, ACTIVATED -> false;
        };
        if (!legal) {
            throw new ApplicationException("error.illegal-transition", status.name(), next.name());
        }
        this.status = next;
        this.updatedAt = at;
    }

    void reject(String reason, Instant at) {
        moveTo(ApplicationStatus.REJECTED, at);
        this.rejectReason = reason;
    }

    void approve(String mid, Instant at) {
        moveTo(ApplicationStatus.APPROVED, at);
        this.merchantMid = mid;
    }

    public Long getId() {
        return id;
    }

    public String getApplicantSubject() {
        return applicantSubject;
    }

    public String getApplicantUsername() {
        return applicantUsername;
    }

    public String getLegalName() {
        return legalName;
    }

    public String getIdNumberMasked() {
        return idNumberMasked;
    }

    String getIdNumberHash() {
        return idNumberHash;
    }

    public LocalDate getBirthDate() {
        return birthDate;
    }

    public String getPhone() {
        return phone;
    }

    public String getSettlementCardMasked() {
        return settlementCardMasked;
    }

    public String getSettlementBank() {
        return settlementBank;
    }

    public String getShippingAddress() {
        return shippingAddress;
    }

    public String getCity() {
        return city;
    }

    public ApplicationStatus getStatus() {
        return status;
    }

    public String getRejectReason() {
        return rejectReason;
    }

    public String getMerchantMid() {
        return merchantMid;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
