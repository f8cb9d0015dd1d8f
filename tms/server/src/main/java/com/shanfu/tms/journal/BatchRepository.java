package com.shanfu.tms.journal;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;

public interface BatchRepository extends JpaRepository<Batch, Long> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    Optional<Batch> findByDeviceIdAndBatchNo(Long deviceId, int batchNo);

    List<Batch> findByMerchantIdOrderByOpenedAtDesc(Long merchantId);
}
