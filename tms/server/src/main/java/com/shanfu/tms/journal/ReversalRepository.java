package com.shanfu.tms.journal;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ReversalRepository extends JpaRepository<Reversal, Long> {

    @org.springframework.data.jpa.repository.Query(
            "select r from Reversal r where r.deviceId = :deviceId and r.batchNo = :batchNo and r.stan = :stan")
    Optional<Reversal> findByDeviceIdAndBatchNoAndStan(Long deviceId, int batchNo, int stan);
}
