package com.shanfu.portal.merchant;

import com.shanfu.portal.application.ApplicationService;
import com.shanfu.portal.tms.TmsClient;
import java.math.BigDecimal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClientException;

/**
 * Looks at the TMS for news about each shop and tells it once: a payout sent, a refund done or refused, a terminal
 * gone silent. Each shop is looked at in its own transaction, so one unreachable answer does not hold up the rest.
 * Fee plan changes whose day has come are applied here too.
 */
@Component
class MerchantWatch {

    private static final Logger log = LoggerFactory.getLogger(MerchantWatch.class);

    private final ApplicationService applications;
    private final TmsClient tms;
    private final Notifications notifications;
    private final FeePlanChanges feeChanges;
    private final TransactionTemplate tx;

    MerchantWatch(ApplicationService applications, TmsClient tms, Notifications notifications, FeePlanChanges feeChanges,
                  TransactionTemplate tx) {
        this.applications = applications;
        this.tms = tms;
        this.notifications = notifications;
        this.feeChanges = feeChanges;
        this.tx = tx;
    }

    @Scheduled(fixedDelayString = "${shanfu.merchant.watch-interval:5000}", initialDelay = 3000)
    void look() {
        for (String mid : applications.merchantMids()) {
            try {
                tx.executeWithoutResult(s -> lookAt(mid));
            } catch (RestClientException | IllegalStateException e) {
                log.warn("news for merchant {} not read this time: {}", mid, e.getMessage());
            }
        }
        try {
            feeChanges.applyDue();
        } catch (RestClientException e) {
            log.warn("fee plan changes not applied this time: {}", e.getMessage());
        }
    }

    private void lookAt(String mid) {
        for (TmsClient.Payout p : tms.payouts(mid)) {
            if ("PAID".equals(p.status())) {
                notifications.tell(mid, Notifications.Kind.PAYOUT_SENT, "payout:" + p.id(), yuan(p.netFen()),
                        p.valueDate().toString());
            }
        }
        for (TmsClient.RefundRequest r : tms.refundRequests(mid)) {
            if ("DONE".equals(r.status())) {
                notifications.tell(mid, Notifications.Kind.REFUND_DONE, "refund:" + r.id(), yuan(r.amountFen()), String.valueOf(r.txnId()));
            } else if ("FAILED".equals(r.status())) {
                notifications.tell(mid, Notifications.Kind.REFUND_FAILED, "refund:" + r.id(), yuan(r.amountFen()), String.valueOf(r.txnId()),
                        r.reason() == null ? "-" : r.reason());
            }
        }
        for (TmsClient.FleetDevice d : tms.fleet(null, null, mid, 0, 50).items()) {
            if (d.silent() && d.lastSeenAt() != null) { // once per silence: a device heard again and silent again is news
                notifications.tell(mid, Notifications.Kind.TERMINAL_OFFLINE, "offline:" + d.serial() + ":" + d.lastSeenAt(),
                        d.tid(), d.serial());
            }
        }
    }

    private static String yuan(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
