package com.shanfu.portal.notification;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface OutboxRepository extends JpaRepository<OutboxMessage, Long> {

    /** Pending messages whose backoff is over, oldest first. */
    @Query("select m from OutboxMessage m where m.status = com.shanfu.portal.notification.OutboxMessage.Status.PENDING"
            + " and (m.nextAttemptAt is null or m.nextAttemptAt <= :now) order by m.id")
    List<OutboxMessage> findDue(@Param("now") Instant now, Pageable page);

    List<OutboxMessage> findAllByOrderByIdDesc(Pageable page);

    List<OutboxMessage> findByApplicationIdOrderByIdAsc(Long applicationId);
}
