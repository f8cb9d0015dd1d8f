package com.shanfu.portal.notification;

import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface OutboxRepository extends JpaRepository<OutboxMessage, Long> {

    List<OutboxMessage> findByStatusOrderByIdAsc(OutboxMessage.Status status, Pageable page);

    List<OutboxMessage> findAllByOrderByIdDesc(Pageable page);

    List<OutboxMessage> findByApplicationIdOrderByIdAsc(Long applicationId);
}
