package com.shanfu.tms.parameters;

import org.springframework.data.jpa.repository.JpaRepository;

interface CaPublicKeyRepository extends JpaRepository<CaPublicKey, CaPublicKey.Id> {

    /** All keys, in JPQL: findAll is a criteria query that Hibernate translates again at every call. */
    @org.springframework.data.jpa.repository.Query("select k from CaPublicKey k")
    java.util.List<CaPublicKey> all();
}
