package com.shanfu.tms.verification;

import org.springframework.data.jpa.repository.JpaRepository;

interface CardholderRepository extends JpaRepository<Cardholder, String> {}
