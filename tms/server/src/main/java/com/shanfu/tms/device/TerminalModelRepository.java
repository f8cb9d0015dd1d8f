package com.shanfu.tms.device;

import org.springframework.data.jpa.repository.JpaRepository;

public interface TerminalModelRepository extends JpaRepository<TerminalModel, String> {}
