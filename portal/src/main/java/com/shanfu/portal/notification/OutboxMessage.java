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

    public enum Status {
        PENDING,
        SENT,
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

    @Column(nullable = false)
    private int attempts;

    @Column(name = "erase_after_send", nullable = false)
    private boolean eraseAfterSend;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "sent_at")
    private Instant sentAt;

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

    void sent(Instant at) {
        status = Status.SENT;
        attempts++;
        sentAt = at;
        secretEnc = null;
        if (eraseAfterSend) {
            eraseRecipient();
        }
    }

    void failed() {
        attempts++;
        if (attempts >= MAX_ATTEMPTS) {
            status = Status.FAILED;
            secretEnc = null;
        }
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
}
