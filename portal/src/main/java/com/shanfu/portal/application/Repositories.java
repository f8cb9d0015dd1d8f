package com.shanfu.portal.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface ApplicationRepository
        extends JpaRepository<Application, Long>,
                org.springframework.data.jpa.repository.JpaSpecificationExecutor<Application> {

    long countByPhoneHash(String phoneHash);

    List<Application> findByApplicantSubjectOrderByCreatedAtDesc(String subject);

    List<Application> findByIdNumberHash(String hash);

    Page<Application> findByStatusOrderByCreatedAtAsc(ApplicationStatus status, Pageable pageable);

    Page<Application> findAllByOrderByCreatedAtDesc(Pageable pageable);

    List<Application> findByStatusOrderByIdAsc(ApplicationStatus status, Pageable pageable);

    Optional<Application> findFirstByMerchantMid(String mid);

    List<Application> findByStatusInAndIdGreaterThanOrderByIdAsc(
            java.util.Collection<ApplicationStatus> statuses, long afterId, Pageable pageable);

    /** The application, or the refusal every use case gives for an unknown one. */
    default Application require(long id) {
        return findById(id).orElseThrow(() -> new ApplicationException("error.not-found"));
    }
}

interface ApplicationEventRepository extends JpaRepository<ApplicationEvent, Long> {

    List<ApplicationEvent> findByApplicationIdOrderByAtAsc(Long applicationId);
}

interface ShipmentRepository extends JpaRepository<Shipment, Long> {

    /** The device in use: the newest shipment of the application. */
    Optional<Shipment> findFirstByApplicationIdOrderByIdDesc(Long applicationId);

    List<Shipment> findByApplicationIdOrderByIdAsc(Long applicationId);
}

interface KycCheckRepository extends JpaRepository<KycCheck, Long> {

    List<KycCheck> findByApplicationIdOrderByAtAscIdAsc(Long applicationId);

    Optional<KycCheck> findFirstByApplicationIdAndKindOrderByIdDesc(Long applicationId, KycCheck.Kind kind);
}

interface ApplicationDraftRepository extends JpaRepository<ApplicationDraft, String> {}

interface PhoneVerificationRepository extends JpaRepository<PhoneVerification, Long> {

    List<PhoneVerification> findByPhoneHashAndSentAtAfterOrderBySentAtDesc(String phoneHash, Instant after);

    Optional<PhoneVerification> findFirstByApplicantSubjectAndPhoneHashOrderBySentAtDesc(
            String subject, String phoneHash);
}

interface PhoneLockRepository extends JpaRepository<PhoneLock, String> {}

interface ContactLogRepository extends JpaRepository<ContactLog, Long> {

    List<ContactLog> findByApplicationIdOrderByAtDesc(Long applicationId);
}

interface FeePlanRepository extends JpaRepository<FeePlan, String> {

    List<FeePlan> findByActiveTrueOrderByCode();
}

interface BlocklistRepository extends JpaRepository<BlocklistEntry, Long> {

    boolean existsByKindAndValueHash(BlocklistEntry.Kind kind, String valueHash);

    List<BlocklistEntry> findAllByOrderByIdDesc();
}
