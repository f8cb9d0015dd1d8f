package com.shanfu.portal.merchant;

import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.tms.TmsClient;
import com.shanfu.portal.tms.TmsUnavailable;
import com.shanfu.tms.contract.FinishedRefund;
import com.shanfu.tms.contract.FleetDevice;
import com.shanfu.tms.contract.PaidPayout;
import com.shanfu.tms.contract.RefundStatus;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Asks the TMS what happened to every shop since the last look — payouts paid, portal refunds finished, terminals
 * gone silent: three calls however many shops there are — and tells each shop once (the notification's event key).
 * Each look goes back a minute before the previous one, so nothing committed meanwhile is missed; what was told
 * already is not told again. Fee plan changes whose day has come are applied here too.
 */
@Component
class MerchantWatch {

    private static final Logger log = LoggerFactory.getLogger(MerchantWatch.class);
    private static final Duration OVERLAP = Duration.ofMinutes(1);
    private static final Duration FIRST_LOOK = Duration.ofDays(1);

    private final TmsClient tms;
    private final Notifications notifications;
    private final FeePlanChanges feeChanges;
    private final TransactionTemplate tx;
    private final Clock clock;
    private Instant lastLook;

    MerchantWatch(
            TmsClient tms,
            Notifications notifications,
            FeePlanChanges feeChanges,
            TransactionTemplate tx,
            Clock clock) {
        this.tms = tms;
        this.notifications = notifications;
        this.feeChanges = feeChanges;
        this.tx = tx;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${shanfu.merchant.watch-interval:5000}", initialDelay = 3000)
    @SchedulerLock(name = "merchant-watch", lockAtMostFor = "PT5M")
    void look() {
        Instant started = clock.instant();
        Instant since = (lastLook == null ? started.minus(FIRST_LOOK) : lastLook).minus(OVERLAP);
        try {
            for (PaidPayout p : tms.paidPayouts(LocalDate.ofInstant(since, Formats.CHINA))) {
                tell(
                        p.mid(),
                        Notifications.Kind.PAYOUT_SENT,
                        "payout:" + p.payout().id(),
                        yuan(p.payout().netFen()),
                        String.valueOf(p.payout().paidIn()));
            }
            for (FinishedRefund r : tms.finishedRefunds(since)) {
                if (r.status() == RefundStatus.DONE) {
                    tell(
                            r.mid(),
                            Notifications.Kind.REFUND_DONE,
                            "refund:" + r.id(),
                            yuan(r.amountFen()),
                            String.valueOf(r.txnId()));
                } else {
                    tell(
                            r.mid(),
                            Notifications.Kind.REFUND_FAILED,
                            "refund:" + r.id(),
                            yuan(r.amountFen()),
                            String.valueOf(r.txnId()),
                            r.reason() == null ? "-" : r.reason());
                }
            }
            for (FleetDevice d : tms.silentDevices()) { // once per silence: heard again and silent again is news
                tell(
                        d.mid(),
                        Notifications.Kind.TERMINAL_OFFLINE,
                        "offline:" + d.serial() + ":" + d.lastSeenAt(),
                        d.tid(),
                        d.serial());
            }
            lastLook = started;
        } catch (TmsUnavailable e) {
            log.warn("merchant news not read this time (the next look goes back further): {}", e.getMessage());
        }
        try {
            feeChanges.applyDue();
        } catch (TmsUnavailable e) {
            log.warn("fee plan changes not applied this time: {}", e.getMessage());
        }
    }

    private void tell(String mid, Notifications.Kind kind, String eventKey, Object... args) {
        if (mid != null) {
            tx.executeWithoutResult(s -> notifications.tell(mid, kind, eventKey, args));
        }
    }

    private static String yuan(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
