package com.shanfu.portal.merchant;

import com.shanfu.portal.application.ApplicationException;
import com.shanfu.portal.application.ApplicationQueries;
import com.shanfu.portal.application.FeePlan;
import com.shanfu.portal.audit.Audit;
import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.tms.TmsClient;
import com.shanfu.tms.contract.Terms;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A shop's fee plan changes only after notice: staff announce a new plan at least {@value FeePlanChange#NOTICE_DAYS}
 * days ahead, the shop is told at once (portal, SMS, email), and the TMS gets the new rates on the effective day.
 */
@Service
public class FeePlanChanges {

    private final FeePlanChangeRepository changes;
    private final ApplicationQueries applications;
    private final Notifications notifications;
    private final Shops shops;
    private final TmsClient tms;
    private final Audit audit;
    private final Clock clock;

    FeePlanChanges(
            FeePlanChangeRepository changes,
            ApplicationQueries applications,
            Notifications notifications,
            Shops shops,
            TmsClient tms,
            Audit audit,
            Clock clock) {
        this.changes = changes;
        this.applications = applications;
        this.notifications = notifications;
        this.shops = shops;
        this.tms = tms;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    @PreAuthorize("hasAnyRole('staff', 'admin')")
    public FeePlanChange announce(String mid, String planCode, LocalDate effectiveOn) {
        if (mid == null || applications.merchantContact(mid).isEmpty()) {
            throw new ApplicationException("fee-change.unknown-merchant");
        }
        FeePlan plan = applications.feePlans().stream()
                .filter(p -> p.getCode().equals(planCode))
                .findFirst()
                .orElseThrow(() -> new ApplicationException("fee-change.unknown-plan"));
        LocalDate earliest = today().plusDays(FeePlanChange.NOTICE_DAYS);
        if (effectiveOn == null || effectiveOn.isBefore(earliest)) {
            throw new ApplicationException("fee-change.too-soon", FeePlanChange.NOTICE_DAYS, earliest.toString());
        }
        String staff = CurrentUser.require().username();
        FeePlanChange c =
                changes.save(new FeePlanChange(mid, plan.getCode(), plan.rates(), effectiveOn, staff, clock.instant()));
        audit.record(staff, "FEE_PLAN_ANNOUNCED", "merchant", mid, null, plan.getCode() + " from " + effectiveOn);
        notifications.tell(
                mid,
                Notifications.Kind.FEE_PLAN_CHANGE,
                "fee-plan:" + c.getId(),
                effectiveOn.toString(),
                FeePlan.percent(plan.getDebitRateBp()),
                plan.getDebitCapFen() == null
                        ? "-"
                        : java.math.BigDecimal.valueOf(plan.getDebitCapFen(), 2).toPlainString(),
                FeePlan.percent(plan.getCreditRateBp()));
        return c;
    }

    /** The changes announced for the signed-in person's shop, newest effective day first. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('merchant', 'cashier')")
    public List<FeePlanChange> mine() {
        return changes.findByMidOrderByEffectiveOnDesc(shops.current().mid());
    }

    /** Gives the TMS every change whose day has come; keeps the payout cycle and settlement card as they are. */
    @Transactional
    public int applyDue() {
        int applied = 0;
        for (FeePlanChange c : changes.findByAppliedAtIsNullAndEffectiveOnLessThanEqual(today())) {
            Terms now = tms.merchant(c.getMid()).terms();
            tms.changeTerms(
                    c.getMid(), c.getRates().terms(c.getFeePlan(), now.settlementCycle(), now.settlementAccount()));
            c.applied(clock.instant());
            audit.record("system", "FEE_PLAN_APPLIED", "merchant", c.getMid(), now.feePlan(), c.getFeePlan());
            applied++;
        }
        return applied;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(Formats.CHINA));
    }
}
