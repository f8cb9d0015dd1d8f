package com.shanfu.tms.merchant;

import com.shanfu.tms.contract.SettlementCycle;
import com.shanfu.tms.web.TmsException;
import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class MerchantService {

    private final MerchantRepository merchants;
    private final Clock clock;

    MerchantService(MerchantRepository merchants, Clock clock) {
        this.merchants = merchants;
        this.clock = clock;
    }

    /** Creates the merchant, or returns the one already created for this external reference (idempotent). */
    @Transactional
    public Merchant register(String externalRef, String name, String city, String mcc) {
        return register(externalRef, name, city, mcc, null).merchant();
    }

    /** Settlement terms: the fee plan, T1 or D0, and the settlement card (masked). */
    public record Terms(FeeSchedule fees, SettlementCycle cycle, String accountMasked) {}

    public record Registration(Merchant merchant, boolean created) {}

    /**
     * Creates the merchant with these terms (when given), or returns the one already created for this external
     * reference. A repeat with the same terms is the same registration; with other terms it is refused, so that a
     * registration can never rewrite what a merchant is paid ({@link #settleWith} is the only way to change terms).
     */
    @Transactional
    public Registration register(String externalRef, String name, String city, String mcc, Terms terms) {
        var existing = merchants.findByExternalRef(externalRef);
        if (existing.isPresent()) {
            Merchant m = existing.get();
            if (terms != null
                    && !(terms.fees().equals(m.feeSchedule())
                            && terms.cycle().equals(m.settlementCycle())
                            && java.util.Objects.equals(terms.accountMasked(), m.settlementAccount()))) {
                throw new TmsException(
                        HttpStatus.CONFLICT,
                        "terms-differ",
                        "merchant " + m.mid() + " is already"
                                + " registered with other settlement terms; change them with PUT /api/v1/merchants/"
                                + m.mid()
                                + "/terms (admin)");
            }
            return new Registration(m, false);
        }
        Merchant m = merchants.saveAndFlush(new Merchant(externalRef, name, city, mcc, clock.instant()));
        m.allocateMid();
        if (terms != null) {
            m.settleWith(terms.fees(), terms.cycle(), terms.accountMasked());
        }
        return new Registration(m, true);
    }

    /** The fee plan, settlement cycle and settlement card (masked) the merchant's payouts use from now on. */
    @Transactional
    public Merchant settleWith(String mid, FeeSchedule fees, SettlementCycle cycle, String accountMasked) {
        Merchant m = byMid(mid);
        m.settleWith(fees, cycle, accountMasked);
        return merchants.save(m);
    }

    public Merchant byMid(String mid) {
        return merchants
                .findByMid(mid)
                .orElseThrow(() ->
                        new TmsException(HttpStatus.NOT_FOUND, "unknown-merchant", "no merchant with MID " + mid));
    }

    /** The MIDs of these merchants, in one query. */
    @org.springframework.transaction.annotation.Transactional(readOnly = true)
    public java.util.Map<Long, String> midsOf(java.util.Collection<Long> ids) {
        java.util.Map<Long, String> mids = new java.util.HashMap<>();
        merchants.findAllById(ids).forEach(m -> mids.put(m.id(), m.mid()));
        return mids;
    }
}
