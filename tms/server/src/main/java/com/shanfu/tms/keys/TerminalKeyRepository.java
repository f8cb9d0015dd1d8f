package com.shanfu.tms.keys;

import org.springframework.data.jpa.repository.JpaRepository;

public interface TerminalKeyRepository extends JpaRepository<TerminalKey, Long> {
}
