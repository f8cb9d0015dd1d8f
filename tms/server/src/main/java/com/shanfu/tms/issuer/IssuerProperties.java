package com.shanfu.tms.issuer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How far a card's application transaction counter may be from
 * the highest one seen before the cryptogram is refused; and an answer delay (zero except in fault tests, where the
 * issuer is made slower than the terminal's timeout).
 */
@ConfigurationProperties("shanfu.issuer")
public record IssuerProperties(
        @DefaultValue("1000") int atcWindow,
        @DefaultValue("0s") Duration delay) {}
