package com.shanfu.tms.keys;

import org.springframework.data.jpa.repository.JpaRepository;

interface ZoneKeyRepository extends JpaRepository<ZoneKey, String> {}
