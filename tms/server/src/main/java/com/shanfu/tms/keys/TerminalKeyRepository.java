package com.shanfu.tms.keys;

import org.springframework.data.jpa.repository.JpaRepository;

public interface TerminalKeyRepository extends JpaRepository<TerminalKey, Long> {

    /** The row locked for the rest of the transaction: sign-ons of one terminal are decided one at a time. */
    @org.springframework.data.jpa.repository.Lock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
    @org.springframework.data.jpa.repository.Query("select k from TerminalKey k where k.deviceId = :deviceId")
    java.util.Optional<TerminalKey> lockById(
            @org.springframework.data.repository.query.Param("deviceId") Long deviceId);
}
