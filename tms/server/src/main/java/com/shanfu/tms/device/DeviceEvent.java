package com.shanfu.tms.device;

import com.shanfu.tms.contract.DeviceStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One lifecycle transition: who, when, why. */
@Entity
@Table(name = "device_event")
class DeviceEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "device_id", nullable = false)
    private Long deviceId;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    private DeviceStatus from;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status", nullable = false)
    private DeviceStatus to;

    @Column(nullable = false)
    private String actor;

    @Column(nullable = false)
    private String reason;

    @Column(nullable = false)
    private Instant at;

    protected DeviceEvent() {}

    DeviceEvent(Long deviceId, DeviceStatus from, DeviceStatus to, String actor, String reason, Instant at) {
        this.deviceId = deviceId;
        this.from = from;
        this.to = to;
        this.actor = actor;
        this.reason = reason;
        this.at = at;
    }
}
