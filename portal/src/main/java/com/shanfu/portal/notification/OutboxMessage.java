package com.shanfu.portal.notification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An SMS or email, written in the transaction of the change it announces and relayed afterwards. */
@Entity
@Table(name = "outbox_message")
public class OutboxMessage {

    public enum Channel {
        SMS,
        EMAIL
    }

    /**
     * PENDING until a carrier takes it; SENT when one did (email, the dev phone: their last word); DELIVERED or
     * UNDELIVERED when the carrier's receipt says so (SMPP); FAILED when no carrier took it after {@link
     * #MAX_ATTEMPTS} tries.
     */
    public enum Status {
        PENDING,
        SENT,
        DELIVERED,
        UNDELIVERED,
        FAILED
    }

    static final int MAX_ATTEMPTS = 10;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "application_id")
    private Long applicationId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Channel channel;

    @Column(name = "recipient_enc")
    private String recipientEnc;

    @Column(name = "recipient_masked")
    private String recipientMasked;

    private String subject;

    @Column(nullable = false)
    private String body;
    /** The whole text of a message that carries a code, encrypted, until it is delivered; {@link #body} is redacted. */
    @Column(name = "secret_enc")
    private String secretEnc;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Status status;

    /** Which carrier took it (SMTP, SMPP, DEV) and the id it gave it, which its delivery receipt names. */
    private String carrier;

    @Column(name = "carrier_id")
    private String carrierId;

    @Column(nullable = false)
    private int attempts;

    /** A message that failed waits until then before the next try (backoff); null: due now. */
    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    /** Why the last try failed or why it was not delivered, as the carrier said it (never the recipient). */
    @Column(name = "last_error")
    private String lastError;

    @Column(name = "erase_after_send", nullable = false)
    private boolean eraseAfterSend;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "sent_at")
    private Instant sentAt;

    @Column(name = "delivered_at")
    private Instant deliveredAt;

    protected OutboxMessage() {}

    OutboxMessage(
            Long applicationId,
            Channel channel,
            String recipientEnc,
            String recipientMasked,
            String subject,
            String body,
            Instant now) {
        this.applicationId = applicationId;
        this.channel = channel;
        this.recipientEnc = recipientEnc;
        this.recipientMasked = recipientMasked;
        this.subject = subject;
        this.body = body;
        this.status = Status.PENDING;
        this.createdAt = now;
    }

    /** A message whose text holds a one-time code: kept readable only until it leaves. */
    OutboxMessage withSecret(String encryptedText) {
        this.secretEnc = encryptedText;
        return this;
    }

    String getSecretEnc() {
        return secretEnc;
    }

    void sent(MessageGateway.Handover handover, Instant at) {
        status = Status.SENT;
        attempts++;
        sentAt = at;
        carrier = handover.carrier();
        carrierId = handover.carrierId();
        nextAttemptAt = null;
        lastError = null;
        secretEnc = null;
        if (eraseAfterSend) {
            eraseRecipient();
        }
    }

    /** Not taken: tried again after backoff (first, doubled each time, at most cap), or given up after the limit. */
    void failed(String reason, Instant now, java.time.Duration first, java.time.Duration cap) {
        attempts++;
        lastError = reason == null ? null : reason.substring(0, Math.min(reason.length(), 200));
        if (attempts >= MAX_ATTEMPTS) {
            status = Status.FAILED;
            nextAttemptAt = null;
            secretEnc = null;
            return;
        }
        java.time.Duration wait = first.multipliedBy(1L << Math.min(attempts - 1, 20));
        nextAttemptAt = now.plus(wait.compareTo(cap) > 0 ? cap : wait);
    }

    /** Erased before it left: nobody to send it to. */
    void abandoned() {
        status = Status.FAILED;
        lastError = "recipient erased";
        secretEnc = null;
    }

    /** The recipient is personal data: erased with the application it belongs to. */
    void eraseRecipient() {
        recipientEnc = null;
        recipientMasked = null;
    }

    /** A message still on its way keeps its recipient until it is delivered, then forgets it. */
    void eraseRecipientOnceSent() {
        if (status == Status.PENDING) {
            eraseAfterSend = true;
        } else {
            eraseRecipient();
        }
    }

    public Long getId() {
        return id;
    }

    public Long getApplicationId() {
        return applicationId;
    }

    public Channel getChannel() {
        return channel;
    }

    String getRecipientEnc() {
        return recipientEnc;
    }

    public String getRecipientMasked() {
        return recipientMasked;
    }

    public String getSubject() {
        return subject;
    }

    public String getBody() {
        return body;
    }

    public Status getStatus() {
        return status;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getSentAt() {
        return sentAt;
    }

    public Instant getDeliveredAt() {
        return deliveredAt;
    }

    public String getCarrier() {
        return carrier;
    }

    public String getCarrierId() {
        return carrierId;
    }

    public int getAttempts() {
        return attempts;
    }

    public Instant getNextAttemptAt() {
        return nextAttemptAt;
    }

    public String getLastError() {
        return lastError;
    }
}
