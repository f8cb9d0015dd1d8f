package com.shanfu.tms.host;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The ISO 8583 listener in the TMS's health, and so in its readiness ({@code /actuator/health/readiness}, with the
 * database): an instance whose host is not listening (not started yet, or draining before a stop) takes no
 * terminals from the load balancer.
 */
@Component("isoListenerHealthIndicator") // "isoListener" in the health
class IsoHostHealth implements HealthIndicator {

    private final IsoHost host;

    IsoHostHealth(IsoHost host) {
        this.host = host;
    }

    @Override
    public Health health() {
        return host.listening()
                ? Health.up()
                        .withDetail("connections", host.openConnections())
                        .withDetail("inFlight", host.inFlight())
                        .build()
                : Health.outOfService()
                        .withDetail("reason", "the ISO listener is not running")
                        .build();
    }
}
