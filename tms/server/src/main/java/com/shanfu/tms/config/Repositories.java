package com.shanfu.tms.config;

import com.shanfu.tms.contract.Scope;
import com.shanfu.tms.contract.TaskKind;
import com.shanfu.tms.contract.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

// JPQL, not derived queries: Hibernate translates a derived (criteria) query again at every call, and these are
// read for every terminal's parameter download (docs/benchmarks.md, "Morning storm")
interface ConfigVersionRepository extends JpaRepository<ConfigVersion, Integer> {

    @Query("select max(v.version) from ConfigVersion v")
    Optional<Integer> latestVersion();

    List<ConfigVersion> findAllByOrderByVersionDesc();
}

interface ConfigOverrideRepository extends JpaRepository<ConfigOverride, Long> {

    @Query("select o from ConfigOverride o where o.scope = :scope and o.scopeKey = :scopeKey")
    Optional<ConfigOverride> findByScopeAndScopeKey(Scope scope, String scopeKey);

    /** The overrides with any of these keys, whatever their scope (a terminal's model, city, MID and serial). */
    @Query("select o from ConfigOverride o where o.scopeKey in :keys")
    List<ConfigOverride> withKeys(java.util.Collection<String> keys);

    List<ConfigOverride> findAllByOrderByScopeAscScopeKeyAsc();
}

interface PushTaskRepository extends JpaRepository<PushTask, Long> {

    @org.springframework.data.jpa.repository.Lock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
    @Query("select t from PushTask t where t.id = :id")
    java.util.Optional<PushTask> lockById(Long id);

    /** What to hand a terminal: pending tasks, and delivered ones it never answered (delivered before the cutoff). */
    @Query(
            "select t from PushTask t where t.deviceId = :deviceId and (t.status = com.shanfu.tms.contract.TaskState.PENDING"
                    + " or (t.status = com.shanfu.tms.contract.TaskState.DELIVERED and t.deliveredAt < :redeliverBefore))"
                    + " order by t.id")
    List<PushTask> due(Long deviceId, Instant redeliverBefore);

    List<PushTask> findByDeviceIdAndKindAndStatusIn(Long deviceId, TaskKind kind, List<TaskState> statuses);

    Page<PushTask> findByDeviceIdOrderByIdDesc(Long deviceId, Pageable pageable);

    Page<PushTask> findByBatchRefOrderByIdAsc(String batchRef, Pageable pageable);

    @Query("select t.status, count(t) from PushTask t where t.batchRef = :batchRef group by t.status")
    List<Object[]> countByStatus(String batchRef);
}
