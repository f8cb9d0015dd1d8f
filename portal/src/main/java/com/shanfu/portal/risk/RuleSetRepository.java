package com.shanfu.portal.risk;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface RuleSetRepository extends JpaRepository<RuleSet, Integer> {

    Optional<RuleSet> findFirstByOrderByVersionDesc();

    List<RuleSet> findAllByOrderByVersionDesc();
}
