package com.shanfu.tms.journal;

import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface TxnRepository extends JpaRepository<Txn, Long> {

    Optional<Txn> findByDeviceIdAndBatchNoAndStan(Long deviceId, int batchNo, int stan);

    Page<Txn> findByMerchantIdOrderByCreatedAtDesc(Long merchantId, Pageable pageable);

    java.util.List<Txn> findByDeviceIdAndBatchNo(Long deviceId, int batchNo);
}
