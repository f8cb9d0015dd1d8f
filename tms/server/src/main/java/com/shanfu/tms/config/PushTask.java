package com.shanfu.tms.config;

import com.shanfu.tms.contract.TaskKind;
import com.shanfu.tms.contract.TaskState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** Something a terminal must do, and how far it got: pending → delivered → applied / failed(reason). */
@Entity
@Table(name = "push_task")
public class PushTask {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "device_id", nullable = false)
    private Long deviceId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private TaskKind kind;

    @Column(name = "payload_json", nullable = false)
    private String payloadJson;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private TaskState status;

    @Column(nullable = false)
    private int attempts;

    private String reason;

    @Column(name = "batch_ref", nullable = false)
    private String batchRef;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "delivered_at")
    private Instant deliveredAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Version
    private long version;

    protected PushTask() {}

    PushTask(Long deviceId, TaskKind kind, String payloadJson, String batchRef, String createdBy, Instant createdAt) {
        this.deviceId = deviceId;
        this.kind = kind;
        this.payloadJson = payloadJson;
        this.status = TaskState.PENDING;
        this.batchRef = batchRef;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    void delivered(Instant at) {
        status = TaskState.DELIVERED;
        attempts++;
        deliveredAt = at;
    }

    void finished(boolean applied, String why, Instant at) {
        status = applied ? TaskState.APPLIED : TaskState.FAILED;
        reason = why;
        finishedAt = at;
    }

    /** A newer task of the same kind makes an unfinished older one pointless (a newer configuration replaces it). */
    static final String SUPERSEDED = "superseded by a newer task";

    /** The kinds of which only the newest unfinished task counts: a newer one supersedes the older. */
    static boolean supersedes(TaskKind kind) {
        return kind == TaskKind.CONFIG || kind == TaskKind.SOFTWARE || kind == TaskKind.TMK_ROTATION;
    }

    void superseded(Instant at) {
        finished(false, SUPERSEDED, at);
    }

    boolean finished() {
        return status == TaskState.APPLIED || status == TaskState.FAILED;
    }

    public Long getId() {
        return id;
    }

    public Long getDeviceId() {
        return deviceId;
    }

    public TaskKind getKind() {
        return kind;
    }

    public String getPayloadJson() {
        return payloadJson;
    }

    public TaskState getStatus() {
        return status;
    }

    public int getAttempts() {
        return attempts;
    }

    public String getReason() {
        return reason;
    }

    public String getBatchRef() {
        return batchRef;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getDeliveredAt() {
        return deliveredAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }
}
