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

    protected TerminalKey() {
    }

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
    }

    public void rotateWorkingKeys(LmkKey pin, LmkKey mac, LmkKey data, Instant at) {
        this.pinKeyLmk = pin.underLmk();
        this.macKeyLmk = mac.underLmk();
        this.dataKeyLmk = data.underLmk();
        this.signedOnAt = at;
    }
}
