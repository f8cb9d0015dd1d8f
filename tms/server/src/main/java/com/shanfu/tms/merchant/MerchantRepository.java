package com.shanfu.tms.merchant;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface MerchantRepository extends JpaRepository<Merchant, Long> {

    Optional<Merchant> findByMid(String mid);

    Optional<Merchant> findByExternalRef(String externalRef);
}
