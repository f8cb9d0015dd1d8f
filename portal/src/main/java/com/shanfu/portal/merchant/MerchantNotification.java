package com.shanfu.portal.merchant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** What the portal told a shop, shown in its notification list until read. */
@Entity
@Table(name = "merchant_notification")
public class MerchantNotification {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String mid;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Notifications.Kind kind;

    @Column(name = "event_key", nullable = false)
    private String eventKey;

    @Column(nullable = false)
    private String message;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "read_at")
    private Instant readAt;

    protected MerchantNotification() {}

    MerchantNotification(String mid, Notifications.Kind kind, String eventKey, String message, Instant createdAt) {
        this.mid = mid;
        this.kind = kind;
        this.eventKey = eventKey;
        this.message = message;
        this.createdAt = createdAt;
    }

    void read(Instant at) {
        if (readAt == null) {
            readAt = at;
        }
    }

    public Long getId() {
        return id;
    }

    public Notifications.Kind getKind() {
        return kind;
    }

    public String getMessage() {
        return message;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getReadAt() {
        return readAt;
    }

    String mid() {
        return mid;
    }
}
