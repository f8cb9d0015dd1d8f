package com.shanfu.tms.journal;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface TxnRepository extends JpaRepository<Txn, Long>, JpaSpecificationExecutor<Txn> {

    @Query("select t from Txn t where t.deviceId = :deviceId and t.batchNo = :batchNo and t.stan = :stan")
    Optional<Txn> findByDeviceIdAndBatchNoAndStan(Long deviceId, int batchNo, int stan);

    /**
     * The line, locked until the transaction ends: whatever decides on a sale (void, refund, reversal) holds this lock
     * before it reads the sale's status or what is left to refund.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select t from Txn t where t.deviceId = :deviceId and t.batchNo = :batchNo and t.stan = :stan")
    Optional<Txn> lockByDeviceIdAndBatchNoAndStan(Long deviceId, int batchNo, int stan);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select t from Txn t where t.id = :id")
    Optional<Txn> lockById(Long id);

    Page<Txn> findByMerchantIdOrderByCreatedAtDesc(Long merchantId, Pageable pageable);

    @Query("select t from Txn t where t.deviceId = :deviceId and t.batchNo = :batchNo")
    List<Txn> findByDeviceIdAndBatchNo(Long deviceId, int batchNo);

    Optional<Txn> findByIdAndMerchantId(Long id, Long merchantId);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select t from Txn t where t.id = :id and t.merchantId = :merchantId")
    Optional<Txn> lockByIdAndMerchantId(Long id, Long merchantId);

    List<Txn> findByOriginalIdOrderByCreatedAtAsc(Long originalId);

    Optional<Txn> findByReceiptToken(String receiptToken);

    /** The approved sales and refunds of a merchant in a period: what its takings are made of. */
    @Query(
            "select t from Txn t where t.merchantId = :merchantId and t.status = com.shanfu.tms.contract.TxnStatus.APPROVED"
                    + " and t.kind in (com.shanfu.tms.contract.TxnKind.PURCHASE, com.shanfu.tms.contract.TxnKind.REFUND) and t.createdAt >= :from and t.createdAt < :to")
    List<Txn> approvedBetween(Long merchantId, Instant from, Instant to);
}
