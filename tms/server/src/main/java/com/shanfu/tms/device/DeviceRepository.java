package com.shanfu.tms.device;

import com.shanfu.tms.contract.DeviceStatus;
import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface DeviceRepository extends JpaRepository<Device, Long> {

    Optional<Device> findBySerial(String serial);

    /** With its merchant in the same select: the host checks the merchant on every message. */
    @org.springframework.data.jpa.repository.Query(
            "select d from Device d left join fetch d.merchant where d.tid = :tid")
    Optional<Device> findByTid(String tid);

    Optional<Device> findByShipmentRef(String shipmentRef);

    Optional<Device> findByCredentialHash(String credentialHash);

    Page<Device> findByStatus(DeviceStatus status, Pageable pageable);

    long countByStatus(DeviceStatus status);

    /** The oldest in-stock device of a model, locked so two shipments never take the same one. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query(
            value = "select d from Device d where d.status = com.shanfu.tms.contract.DeviceStatus.IN_STOCK "
                    + "and d.modelCode = :model order by d.id")
    java.util.List<Device> lockInStock(String model, Pageable first);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select d from Device d where d.serial = :serial")
    Optional<Device> lockBySerial(String serial);

    long countByModelCodeAndStatus(String modelCode, DeviceStatus status);

    Page<Device> findByModelCodeAndStatusOrderById(String modelCode, DeviceStatus status, Pageable pageable);

    /** The terminals of a group: all active ones, or those of a model, a merchant (MID) or a region (merchant city). */
    @Query("select d from Device d left join fetch d.merchant m where d.status = :status and (:scope = 'ALL'"
            + " or (:scope = 'MODEL' and d.modelCode = :key) or (:scope = 'MERCHANT' and m.mid = :key)"
            + " or (:scope = 'REGION' and m.city = :key) or (:scope = 'TERMINAL' and d.serial = :key)) order by d.id")
    java.util.List<Device> inGroup(DeviceStatus status, String scope, String key);

    @Query("select d from Device d left join d.merchant m where (:status is null or d.status = :status)"
            + " and (:model is null or d.modelCode = :model) and (:mid is null or m.mid = :mid)"
            + " and (:connectivity is null or d.connectivity = :connectivity)")
    Page<Device> search(DeviceStatus status, String model, String mid, String connectivity, Pageable pageable);

    @Query(
            "select d from Device d where d.status = com.shanfu.tms.contract.DeviceStatus.ACTIVE and d.lastSeenAt < :before")
    java.util.List<Device> silentSince(java.time.Instant before);

    /** Active devices of a merchant not heard from since {@code before} (never heard from: not counted), with it. */
    @Query("select d from Device d join fetch d.merchant where d.status = com.shanfu.tms.contract.DeviceStatus.ACTIVE"
            + " and d.lastSeenAt < :before order by d.id")
    java.util.List<Device> silentWithMerchant(java.time.Instant before);
}
