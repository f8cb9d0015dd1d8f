package com.shanfu.tms.merchant;

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
        return merchants.findByExternalRef(externalRef).orElseGet(() -> {
            Merchant m = merchants.saveAndFlush(new Merchant(externalRef, name, city, mcc, clock.instant()));
            m.allocateMid();
            return m;
        });
    }

    /** The fee plan, settlement cycle and settlement card (masked) the merchant's payouts use from now on. */
    @Transactional
    public Merchant settleWith(String mid, FeeSchedule fees, String cycle, String accountMasked) {
        Merchant m = byMid(mid);
        m.settleWith(fees, cycle, accountMasked);
        return merchants.save(m);
    }

    public Merchant byMid(String mid) {
        return merchants.findByMid(mid)
                .orElseThrow(() -> new TmsException(HttpStatus.NOT_FOUND, "unknown-merchant", "no merchant with MID " + mid));
    }

    /** The MIDs of these merchants, in one query. */
    @org.springframework.transaction.annotation.Transactional(readOnly = true)
    public java.util.Map<Long, String> midsOf(java.util.Collection<Long> ids) {
        java.util.Map<Long, String> mids = new java.util.HashMap<>();
        merchants.findAllById(ids).forEach(m -> mids.put(m.id(), m.mid()));
        return mids;
    }
}
