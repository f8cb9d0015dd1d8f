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

/** Someone the owner let into the shop's pages: a cashier sees the shop's money but cannot refund or change settings. */
@Entity
@Table(name = "shop_user")
class ShopUser {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String mid;

    @Column(nullable = false)
    private String subject;

    @Column(nullable = false)
    private String username;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Shop.Role role;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected ShopUser() {}

    ShopUser(String mid, String subject, String username, Shop.Role role, String createdBy, Instant createdAt) {
        this.mid = mid;
        this.subject = subject;
        this.username = username;
        this.role = role;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    String mid() {
        return mid;
    }

    String subject() {
        return subject;
    }

    String username() {
        return username;
    }

    Shop.Role role() {
        return role;
    }

    Instant createdAt() {
        return createdAt;
    }
}
