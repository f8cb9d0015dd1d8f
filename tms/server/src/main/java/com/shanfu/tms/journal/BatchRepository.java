package com.shanfu.tms.journal;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;

public interface BatchRepository extends JpaRepository<Batch, Long> {

    // the host's queries are written out (not derived): Hibernate caches a written query's translation, while a
    // derived one is built as a criteria query and translated again on every call (docs/benchmarks.md, host)
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @org.springframework.data.jpa.repository.Query(
            "select b from Batch b where b.deviceId = :deviceId and b.batchNo = :batchNo")
    Optional<Batch> findByDeviceIdAndBatchNo(Long deviceId, int batchNo);

    List<Batch> findByMerchantIdOrderByOpenedAtDesc(Long merchantId);

    /**
     * Creates the batch row when it does not exist yet, without a locking read first: a locking read of a missing
     * row takes a gap lock, and two terminals opening their first batch at once then deadlock on their inserts.
     */
    @org.springframework.data.jpa.repository.Modifying
    @org.springframework.data.jpa.repository.Query(
            nativeQuery = true,
            value = "insert ignore into batch (device_id,"
                    + " merchant_id, batch_no, status, opened_at, debit_total, debit_count, credit_total, credit_count)"
                    + " values (:deviceId, :merchantId, :batchNo, 'OPEN', :openedAt, 0, 0, 0, 0)")
    int insertIfAbsent(Long deviceId, Long merchantId, int batchNo, java.time.Instant openedAt);

    /** The batch, created when absent, and locked for the rest of the transaction (orders purchase and reversal). */
    default Batch lockOrOpen(Long deviceId, Long merchantId, int batchNo, java.time.Instant now) {
        if (!existsByDeviceIdAndBatchNo(deviceId, batchNo)) { // a plain read: no lock on the missing row's gap
            insertIfAbsent(deviceId, merchantId, batchNo, now);
        }
        return findByDeviceIdAndBatchNo(deviceId, batchNo).orElseThrow();
    }

    @org.springframework.data.jpa.repository.Query(
            "select count(b) > 0 from Batch b where b.deviceId = :deviceId and b.batchNo = :batchNo")
    boolean existsByDeviceIdAndBatchNo(Long deviceId, int batchNo);
}
