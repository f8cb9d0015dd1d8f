package com.shanfu.tms.journal;

import com.shanfu.tms.contract.TxnKind;
import com.shanfu.tms.contract.TxnStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One financial message the host answered, with the answer itself so that a repeat gets the same answer. */
@Entity
@Table(name = "txn")
public class Txn {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "device_id", nullable = false)
    private Long deviceId;

    @Column(name = "merchant_id", nullable = false)
    private Long merchantId;

    @Column(name = "batch_no", nullable = false)
    private int batchNo;

    @Column(nullable = false)
    private int stan;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private TxnKind kind;

    @Column(name = "amount_fen", nullable = false)
    private long amountFen;

    @Column(nullable = false)
    private String currency;

    @Column(name = "pan_masked")
    private String panMasked;

    @Column(name = "pan_hash")
    private String panHash;

    @Column(name = "pan_lmk")
    private byte[] panLmk;

    @Column(name = "card_scheme")
    private String cardScheme;

    @Column(name = "card_type")
    private String cardType;

    @Column(name = "response_code", nullable = false)
    private String responseCode;

    @Column(name = "auth_code")
    private String authCode;

    private String rrn;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private TxnStatus status;

    @Column(name = "response_fields", nullable = false)
    private byte[] responseFields;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "original_id")
    private Long originalId;

    @Column(name = "refunded_fen", nullable = false)
    private long refundedFen;

    @Column(name = "receipt_token")
    private String receiptToken;

    @Column(name = "decline_reason")
    private String declineReason;

    protected Txn() {}

    public Txn(Long deviceId, Long merchantId, int batchNo, int stan, TxnKind kind, long amountFen, Instant createdAt) {
        this.deviceId = deviceId;
        this.merchantId = merchantId;
        this.batchNo = batchNo;
        this.stan = stan;
        this.kind = kind;
        this.amountFen = amountFen;
        this.currency = "156";
        this.createdAt = createdAt;
    }

    /**
     * The acquirer's reference of a journal line, as the issuer keeps it with every posting: the device, batch and
     * STAN (the line's unique key). The database keeps the same as the generated column {@code txn.reference}
     * (V12 migration), which the books check joins the postings on; this one is needed before the line is saved.
     */
    public static String reference(Long deviceId, int batchNo, int stan) {
        return "D" + deviceId + "-B" + batchNo + "-S" + stan;
    }

    public String reference() {
        return reference(deviceId, batchNo, stan);
    }

    /** Why the issuer or the host declined it (null when approved or not known). */
    public void declineReason(String reason) {
        this.declineReason = reason;
    }

    public String declineReason() {
        return declineReason;
    }

    public void cardType(String cardType) {
        this.cardType = cardType;
    }

    public String cardType() {
        return cardType;
    }

    public void card(String panMasked, String panHash, byte[] panLmk, String scheme) {
        this.panMasked = panMasked;
        this.panHash = panHash;
        this.panLmk = panLmk;
        this.cardScheme = scheme;
    }

    public void answer(String responseCode, String authCode, String rrn, byte[] responseFields) {
        this.responseCode = responseCode;
        this.authCode = authCode;
        this.rrn = rrn;
        this.status = "00".equals(responseCode) ? TxnStatus.APPROVED : TxnStatus.DECLINED;
        this.responseFields = responseFields;
    }

    /** Marks an approved transaction reversed; returns false when there was nothing to undo. */
    public boolean reverse() {
        if (kind != TxnKind.PURCHASE || status != TxnStatus.APPROVED || refundedFen > 0) {
            return false;
        }
        status = TxnStatus.REVERSED;
        return true;
    }

    /** Voids an approved purchase of the open batch; false when it is not an approved purchase any more. */
    public boolean voidPurchase() {
        if (kind != TxnKind.PURCHASE || status != TxnStatus.APPROVED || refundedFen > 0) {
            return false;
        }
        status = TxnStatus.VOIDED;
        return true;
    }

    /**
     * Marks an approved void or refund reversed (the terminal never saw its answer); false when there is nothing to
     * undo. The caller puts the purchase back with {@link #unvoid()} or {@link #unrefund(long)}.
     */
    public boolean reverseCancellation() {
        if ((kind != TxnKind.VOID && kind != TxnKind.REFUND) || status != TxnStatus.APPROVED) {
            return false;
        }
        status = TxnStatus.REVERSED;
        return true;
    }

    /** A voided purchase whose void was reversed: approved again. */
    public void unvoid() {
        if (kind != TxnKind.PURCHASE || status != TxnStatus.VOIDED) {
            throw new IllegalStateException("txn " + id + " is not a voided purchase");
        }
        status = TxnStatus.APPROVED;
    }

    /** A refund of this purchase was reversed: that much may be refunded again. */
    public void unrefund(long amount) {
        if (amount <= 0 || amount > refundedFen) {
            throw new IllegalStateException("txn " + id + " has no refund of " + amount + " to take back");
        }
        refundedFen -= amount;
    }

    public Long originalId() {
        return originalId;
    }

    /** What may still be refunded of this purchase. */
    public long refundable() {
        return kind == TxnKind.PURCHASE && status == TxnStatus.APPROVED ? amountFen - refundedFen : 0;
    }

    public void refund(long amount) {
        if (amount <= 0 || amount > refundable()) {
            throw new IllegalStateException("refund above what is left of txn " + id);
        }
        refundedFen += amount;
    }

    public void originalIs(Txn original) {
        this.originalId = original.id;
        this.panMasked = original.panMasked;
        this.panHash = original.panHash;
        this.panLmk = original.panLmk;
        this.cardScheme = original.cardScheme;
        this.cardType = original.cardType;
    }

    public String panHash() {
        return panHash;
    }

    public Long id() {
        return id;
    }

    public int batchNo() {
        return batchNo;
    }

    public int stan() {
        return stan;
    }

    public TxnKind kind() {
        return kind;
    }

    public long amountFen() {
        return amountFen;
    }

    public String currency() {
        return currency;
    }

    public String panMasked() {
        return panMasked;
    }

    public String cardScheme() {
        return cardScheme;
    }

    public String responseCode() {
        return responseCode;
    }

    public String authCode() {
        return authCode;
    }

    public String rrn() {
        return rrn;
    }

    public TxnStatus status() {
        return status;
    }

    public byte[] responseFields() {
        return responseFields;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The e-receipt's token: random, given only to the terminal in the approved answer (field 63). */
    public void receiptToken(String token) {
        this.receiptToken = token;
    }

    public String receiptToken() {
        return receiptToken;
    }

    public long refundedFen() {
        return refundedFen;
    }

    public Long merchantId() {
        return merchantId;
    }

    public Long deviceId() {
        return deviceId;
    }
}
