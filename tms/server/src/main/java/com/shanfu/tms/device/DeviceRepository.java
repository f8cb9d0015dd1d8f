package com.shanfu.tms.device;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface DeviceRepository extends JpaRepository<Device, Long> {

    Optional<Device> findBySerial(String serial);

    Optional<Device> findByTid(String tid);

    Optional<Device> findByShipmentRef(String shipmentRef);

    Optional<Device> findByCredentialHash(String credentialHash);

    Page<Device> findByStatus(DeviceStatus status, Pageable pageable);

    long countByStatus(DeviceStatus status);

    /** The oldest in-stock device of a model, locked so two shipments never take the same one. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query(value = "select d from Device d where d.status = com.shanfu.tms.device.DeviceStatus.IN_STOCK "
            + "and d.modelCode = :model order by d.id")
    java.util.List<Device> lockInStock(String model, Pageable first);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select d from Device d where d.serial = :serial")
    Optional<Device> lockBySerial(String serial);

    long countByModelCodeAndStatus(String modelCode, DeviceStatus status);

    Page<Device> findByModelCodeAndStatusOrderById(String modelCode, DeviceStatus status, Pageable pageable);
}
