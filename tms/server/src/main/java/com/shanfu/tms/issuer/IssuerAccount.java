package com.shanfu.tms.issuer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A card account at the simulated issuer, looked up by a keyed hash of the PAN. */
@Entity
@Table(name = "issuer_account")
public class IssuerAccount {

    @Id
    @Column(name = "pan_hash")
    private String panHash;

    @Column(name = "pan_masked", nullable = false)
    private String panMasked;

    @Column(nullable = false)
    private String scheme;

    @Column(name = "expiry_yymm", nullable = false)
    private String expiryYymm;

    @Column(name = "balance_fen", nullable = false)
    private long balanceFen;

    @Column(nullable = false)
    private String status;

    @Column(name = "pin_hash")
    private String pinHash;

    @Version
    private long version;

    @Column(name = "card_type", nullable = false)
    private String cardType = "DEBIT";

    @Column(name = "daily_limit_fen")
    private Long dailyLimitFen;

    @Column(name = "spent_today_fen", nullable = false)
    private long spentTodayFen;

    @Column(name = "spent_on")
    private java.time.LocalDate spentOn;

    @Column(name = "pin_failures", nullable = false)
    private int pinFailures;
    /** The balance the account was opened with: the balance is always this plus the account's postings. */
    @Column(name = "opening_fen", nullable = false)
    private long openingFen;
    /** The highest application transaction counter seen; null until the card's first cryptogram. */
    @Column(name = "last_atc")
    private Integer lastAtc;

    /** Wrong PINs in a row after which the card's PIN is blocked (75) until the issuer resets it. */
    static final int PIN_TRIES = 3;

    protected IssuerAccount() {}

    public IssuerAccount(
            String panHash, String panMasked, String scheme, String expiryYymm, long balanceFen, String status) {
        this.panHash = panHash;
        this.panMasked = panMasked;
        this.scheme = scheme;
        this.expiryYymm = expiryYymm;
        this.balanceFen = balanceFen;
        this.openingFen = balanceFen;
        this.status = status;
    }

    String panHash() {
        return panHash;
    }

    Integer lastAtc() {
        return lastAtc;
    }

    void sawAtc(int atc) {
        if (lastAtc == null || atc > lastAtc) {
            lastAtc = atc;
        }
    }

    /** DEBIT or CREDIT, and the most this card may spend in a day (null: no limit). */
    public IssuerAccount withType(String cardType, Long dailyLimitFen) {
        if (!"DEBIT".equals(cardType) && !"CREDIT".equals(cardType)) {
            throw new IllegalArgumentException("card type must be DEBIT or CREDIT");
        }
        this.cardType = cardType;
        this.dailyLimitFen = dailyLimitFen;
        return this;
    }

    boolean pinBlocked() {
        return pinFailures >= PIN_TRIES;
    }

    /** Counts a wrong PIN; true when this one used up the last try. */
    boolean wrongPin() {
        pinFailures++;
        return pinBlocked();
    }

    void rightPin() {
        pinFailures = 0;
    }

    String cardType() {
        return cardType;
    }

    boolean withinDailyLimit(long amountFen, java.time.LocalDate today) {
        long spent = today.equals(spentOn) ? spentTodayFen : 0;
        return dailyLimitFen == null || spent + amountFen <= dailyLimitFen;
    }

    public void setPinVerificationValue(String value) {
        this.pinHash = value;
    }

    String pinVerificationValue() {
        return pinHash;
    }

    boolean active() {
        return "ACTIVE".equals(status);
    }

    String expiryYymm() {
        return expiryYymm;
    }

    long balanceFen() {
        return balanceFen;
    }

    void credit(long amountFen, java.time.LocalDate today) {
        balanceFen += amountFen;
        if (today.equals(spentOn)) {
            spentTodayFen = Math.max(0, spentTodayFen - amountFen);
        }
    }

    void debit(long amountFen) {
        if (amountFen > balanceFen) {
            throw new IllegalStateException("insufficient funds");
        }
        balanceFen -= amountFen;
    }

    void repost(long amountFen) {
        balanceFen -= amountFen;
    }

    void spend(long amountFen, java.time.LocalDate today) {
        debit(amountFen);
        spentTodayFen = (today.equals(spentOn) ? spentTodayFen : 0) + amountFen;
        spentOn = today;
    }
}
