package com.shanfu.tms.issuer;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Issuer master keys (hex) of the simulator, by scheme. */
@ConfigurationProperties("shanfu.issuer")
public record IssuerProperties(Map<String, String> masterKeys) {
}
