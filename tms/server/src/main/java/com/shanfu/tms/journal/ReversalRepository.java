package com.shanfu.tms.journal;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ReversalRepository extends JpaRepository<Reversal, Long> {

    Optional<Reversal> findByDeviceIdAndBatchNoAndStan(Long deviceId, int batchNo, int stan);
}
