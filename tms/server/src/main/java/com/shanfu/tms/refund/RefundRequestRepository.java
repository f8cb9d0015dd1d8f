package com.shanfu.tms.refund;

import com.shanfu.tms.contract.RefundStatus;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface RefundRequestRepository extends JpaRepository<RefundRequest, Long> {

    Optional<RefundRequest> findByRequestRef(String requestRef);

    Optional<RefundRequest> findByTaskId(Long taskId);

    List<RefundRequest> findByMerchantIdOrderByCreatedAtDesc(Long merchantId);

    List<RefundRequest> findByFinishedAtGreaterThanEqualOrderByFinishedAtAsc(java.time.Instant since);

    List<RefundRequest> findByTxnIdOrderByCreatedAtAsc(Long txnId);

    List<RefundRequest> findByStatusAndCreatedAtBefore(RefundStatus status, java.time.Instant before);

    @Query("select r.txnId, sum(r.amountFen) from RefundRequest r where r.txnId in :txnIds"
            + " and r.status = com.shanfu.tms.contract.RefundStatus.PENDING group by r.txnId")
    List<Object[]> pendingFenByTxn(java.util.Collection<Long> txnIds);
}
