package com.shanfu.tms.journal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A reversal the host acknowledged; {@code undone} says whether it undid an approved original. */
@Entity
@Table(name = "reversal")
public class Reversal {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "device_id", nullable = false)
    private Long deviceId;

    @Column(name = "batch_no", nullable = false)
    private int batchNo;

    @Column(nullable = false)
    private int stan;

    @Column(name = "amount_fen", nullable = false)
    private long amountFen;

    @Column(nullable = false)
    private String reason;

    @Column(name = "original_id")
    private Long originalId;

    @Column(nullable = false)
    private boolean undone;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Reversal() {}

    public Reversal(
            Long deviceId,
            int batchNo,
            int stan,
            long amountFen,
            String reason,
            Long originalId,
            boolean undone,
            Instant createdAt) {
        this.deviceId = deviceId;
        this.batchNo = batchNo;
        this.stan = stan;
        this.amountFen = amountFen;
        this.reason = reason;
        this.originalId = originalId;
        this.undone = undone;
        this.createdAt = createdAt;
    }

    public boolean undone() {
        return undone;
    }
}
