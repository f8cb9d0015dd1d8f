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

    protected IssuerAccount() {
    }

    public IssuerAccount(String panHash, String panMasked, String scheme, String expiryYymm, long balanceFen, String status) {
        this.panHash = panHash;
        this.panMasked = panMasked;
        this.scheme = scheme;
        this.expiryYymm = expiryYymm;
        this.balanceFen = balanceFen;
        this.status = status;
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

    void credit(long amountFen) {
        balanceFen += amountFen;
    }

    void debit(long amountFen) {
        if (amountFen > balanceFen) {
            throw new IllegalStateException("insufficient funds");
        }
        balanceFen -= amountFen;
    }
}
