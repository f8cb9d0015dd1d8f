package com.shanfu.portal.audit;

import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.Repository;

/** Append and read only: no update or delete is even offered (and the database refuses them too). */
interface AuditRepository extends Repository<AuditEntry, Long> {

    AuditEntry save(AuditEntry entry);

    Page<AuditEntry> findAllByOrderByIdDesc(Pageable pageable);

    List<AuditEntry> findByTargetTypeAndTargetIdOrderByIdAsc(String targetType, String targetId);

    List<AuditEntry> findAllByOrderByIdAsc();

    long count();
}
