package com.shanfu.tms.keys;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A terminal's keys, each under the LMK: the TMK from activation and the working keys of the last sign-on. */
@Entity
@Table(name = "terminal_key")
public class TerminalKey {

    @Id
    @Column(name = "device_id")
    private Long deviceId;

    @Column(name = "tmk_lmk", nullable = false)
    private byte[] tmkLmk;

    @Column(name = "tmk_kcv", nullable = false)
    private String tmkKcv;

    @Column(name = "pin_key_lmk")
    private byte[] pinKeyLmk;

    @Column(name = "mac_key_lmk")
    private byte[] macKeyLmk;

    @Column(name = "data_key_lmk")
    private byte[] dataKeyLmk;

    @Column(name = "signed_on_at")
    private Instant signedOnAt;

    @Column(name = "signon_counter", nullable = false)
    private long signOnCounter;

    @Column(name = "pending_tmk_lmk")
    private byte[] pendingTmkLmk;

    @Column(name = "pending_tmk_kcv")
    private String pendingTmkKcv;

    protected TerminalKey() {}

    public TerminalKey(Long deviceId, LmkKey tmk) {
        this.deviceId = deviceId;
        this.tmkLmk = tmk.underLmk();
        this.tmkKcv = tmk.kcv();
    }

    public Long deviceId() {
        return deviceId;
    }

    public LmkKey tmk() {
        return new LmkKey(tmkLmk, tmkKcv);
    }

    /** The working MAC key, or null before the first sign-on. */
    public LmkKey macKey() {
        return macKeyLmk == null ? null : new LmkKey(macKeyLmk, null);
    }

    public LmkKey dataKey() {
        return dataKeyLmk == null ? null : new LmkKey(dataKeyLmk, null);
    }

    /** The highest sign-on counter accepted: a sign-on must carry a higher one. */
    public long signOnCounter() {
        return signOnCounter;
    }

    /** A new TMK sent by a TMK_ROTATION task and not yet used by the terminal, or null. */
    public LmkKey pendingTmk() {
        return pendingTmkLmk == null ? null : new LmkKey(pendingTmkLmk, pendingTmkKcv);
    }

    public void offerTmk(LmkKey tmk) {
        this.pendingTmkLmk = tmk.underLmk();
        this.pendingTmkKcv = tmk.kcv();
    }

    /** The terminal signed on under the pending TMK: it holds it, so it replaces the old one. */
    public void promotePendingTmk() {
        this.tmkLmk = pendingTmkLmk;
        this.tmkKcv = pendingTmkKcv;
        this.pendingTmkLmk = null;
        this.pendingTmkKcv = null;
    }

    public LmkKey pinKey() {
        return pinKeyLmk == null ? null : new LmkKey(pinKeyLmk, null);
    }

    public void replaceTmk(LmkKey tmk) {
        this.tmkLmk = tmk.underLmk();
        this.tmkKcv = tmk.kcv();
        this.pinKeyLmk = null;
        this.macKeyLmk = null;
        this.dataKeyLmk = null;
        this.signedOnAt = null;
        this.signOnCounter = 0;
        this.pendingTmkLmk = null;
        this.pendingTmkKcv = null;
    }

    public void rotateWorkingKeys(LmkKey pin, LmkKey mac, LmkKey data, long counter, Instant at) {
        if (counter <= signOnCounter) {
            throw new IllegalArgumentException("sign-on counter must rise");
        }
        this.signOnCounter = counter;
        this.pinKeyLmk = pin.underLmk();
        this.macKeyLmk = mac.underLmk();
        this.dataKeyLmk = data.underLmk();
        this.signedOnAt = at;
    }
}
