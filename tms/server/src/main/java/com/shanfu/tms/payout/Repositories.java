package com.shanfu.tms.payout;

import java.time.LocalDate;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface PayoutRepository extends JpaRepository<Payout, Long> {

    List<Payout> findByMerchantIdOrderByCreatedAtDesc(Long merchantId);

    List<Payout> findByStatusAndRunDateGreaterThanEqualOrderByIdAsc(
            com.shanfu.tms.contract.PayoutStatus status, LocalDate runDate);

    /**
     * The payouts a run pays, locked: a second run at the same time (of another value date) waits, and then finds
     * them paid.
     */
    @org.springframework.data.jpa.repository.Lock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
    @Query(
            "select p from Payout p where p.status = com.shanfu.tms.contract.PayoutStatus.SCHEDULED and p.valueDate <= :valueDate order by p.merchantId, p.id")
    List<Payout> lockDue(LocalDate valueDate);

    @Query("select count(p) > 0 from Payout p where p.batchId = :batchId")
    boolean existsByBatchId(Long batchId);
}

interface PayoutLineRepository extends JpaRepository<PayoutLine, Long> {

    List<PayoutLine> findByPayoutIdOrderByIdAsc(Long payoutId);
}

interface PayoutRunRepository extends JpaRepository<PayoutRun, LocalDate> {}

interface LedgerRepository extends JpaRepository<LedgerEntry, Long> {

    /** Per account: total debits and credits. */
    @Query(
            "select e.account, sum(e.debitFen), sum(e.creditFen) from LedgerEntry e group by e.account order by e.account")
    List<Object[]> totalsByAccount();

    /** Postings whose debits differ from their credits: must always be empty. */
    @Query("select e.posting from LedgerEntry e group by e.posting having sum(e.debitFen) <> sum(e.creditFen)")
    List<String> unbalancedPostings();
}
