package com.shanfu.tms.issuer;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface IssuerAccountRepository extends JpaRepository<IssuerAccount, String> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select a from IssuerAccount a where a.panHash = :panHash")
    Optional<IssuerAccount> lockByPanHash(String panHash);
}
