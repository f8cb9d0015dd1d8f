package com.shanfu.tms.parameters;

import org.springframework.data.jpa.repository.JpaRepository;

interface CaPublicKeyRepository extends JpaRepository<CaPublicKey, CaPublicKey.Id> {}
