package com.shanfu.portal.merchant;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface ShopUserRepository extends JpaRepository<ShopUser, Long> {

    Optional<ShopUser> findBySubject(String subject);

    List<ShopUser> findByMidOrderByCreatedAtAsc(String mid);

    boolean existsByUsername(String username);
}

interface MerchantProfileRepository extends JpaRepository<MerchantProfile, String> {}

interface NotificationRepository extends JpaRepository<MerchantNotification, Long> {

    boolean existsByMidAndEventKey(String mid, String eventKey);

    Page<MerchantNotification> findByMidOrderByCreatedAtDescIdDesc(String mid, Pageable page);

    Optional<MerchantNotification> findByIdAndMid(Long id, String mid);

    long countByMidAndReadAtIsNull(String mid);
}

interface DisputeRepository extends JpaRepository<Dispute, Long> {

    List<Dispute> findByMidOrderByCreatedAtDesc(String mid);

    Optional<Dispute> findByIdAndMid(Long id, String mid);

    List<Dispute> findByStatusInOrderByCreatedAtAsc(List<Dispute.Status> statuses);

    boolean existsByMidAndTxnIdAndKindAndStatusIn(
            String mid, long txnId, Dispute.Kind kind, List<Dispute.Status> statuses);
}

interface EvidenceRepository extends JpaRepository<DisputeEvidence, Long> {

    List<DisputeEvidence> findByDisputeIdOrderByIdAsc(Long disputeId);

    long countByDisputeId(Long disputeId);

    boolean existsByDisputeIdAndSha256(Long disputeId, String sha256);
}

interface FeePlanChangeRepository extends JpaRepository<FeePlanChange, Long> {

    List<FeePlanChange> findByMidOrderByEffectiveOnDesc(String mid);

    List<FeePlanChange> findByAppliedAtIsNullAndEffectiveOnLessThanEqual(LocalDate day);
}
