package com.shanfu.portal.application;

import com.shanfu.portal.application.ApplicationChange.DeviceActivated;
import com.shanfu.portal.tms.TmsClient;
import com.shanfu.portal.tms.TmsUnavailable;
import com.shanfu.tms.contract.Device;
import com.shanfu.tms.contract.DeviceStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.PageRequest;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Follows the TMS, the record of device state: a shipped or delivered application whose device the TMS reports
 * active becomes ACTIVATED (delivered first, as a device cannot be activated before it arrived). It walks the waiting
 * applications a page per look, in id order from where the last look stopped (so a long queue is not looked at only
 * from its head), outside the pages people load. Two portal instances doing this at once are safe: the change is
 * guarded by the row's version.
 */
@Component
class ActivationWatcher {

    private static final Logger log = LoggerFactory.getLogger(ActivationWatcher.class);
    private static final int PAGE = 100;

    private final ApplicationRepository applications;
    private final ShipmentRepository shipments;
    private final Fulfilment fulfilment;
    private final TmsClient tms;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private long after;

    ActivationWatcher(
            ApplicationRepository applications,
            ShipmentRepository shipments,
            Fulfilment fulfilment,
            TmsClient tms,
            TransactionTemplate tx,
            ApplicationEventPublisher events,
            Clock clock) {
        this.applications = applications;
        this.shipments = shipments;
        this.fulfilment = fulfilment;
        this.tms = tms;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${shanfu.activation.watch-interval:2000}", initialDelay = 2000)
    @SchedulerLock(name = "activation-watch", lockAtMostFor = "PT5M")
    void look() {
        List<Long> waiting = tx.execute(s -> applications
                .findByStatusInAndIdGreaterThanOrderByIdAsc(
                        List.of(ApplicationStatus.SHIPPED, ApplicationStatus.DELIVERED), after, PageRequest.of(0, PAGE))
                .stream()
                .map(Application::getId)
                .toList());
        after = waiting.size() < PAGE ? 0 : waiting.getLast();
        for (long id : waiting) {
            try {
                follow(id);
            } catch (TmsUnavailable e) {
                log.warn("device activations not followed this time (the TMS did not answer): {}", e.getMessage());
                return;
            } catch (OptimisticLockingFailureException e) {
                // another instance or staff changed it first; the next look sees the new state
            }
        }
    }

    private void follow(long id) {
        String serial = tx.execute(s -> shipments
                .findFirstByApplicationIdOrderByIdDesc(id)
                .map(Shipment::getSerial)
                .orElse(null));
        if (serial == null) {
            return;
        }
        Device d = tms.device(serial);
        if (d.status() != DeviceStatus.ACTIVE) {
            return;
        }
        tx.executeWithoutResult(s -> {
            Application a = applications.findById(id).orElseThrow();
            Shipment shipment =
                    shipments.findFirstByApplicationIdOrderByIdDesc(id).orElseThrow();
            if (!shipment.getSerial().equals(serial)
                    || !List.of(ApplicationStatus.SHIPPED, ApplicationStatus.DELIVERED)
                            .contains(a.getStatus())) {
                return; // replaced or moved on while the TMS was asked
            }
            Instant now = clock.instant();
            if (a.getStatus() == ApplicationStatus.SHIPPED) {
                fulfilment.deliver(a, shipment, "tms", now);
            }
            a.moveTo(ApplicationStatus.ACTIVATED, now);
            events.publishEvent(new DeviceActivated(a, "tms", now, d.tid()));
        });
    }
}
