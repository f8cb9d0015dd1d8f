package com.shanfu.portal.merchant;

import com.shanfu.portal.application.ApplicationException;
import com.shanfu.portal.audit.Audit;
import com.shanfu.portal.tms.TmsClient;
import com.shanfu.portal.tms.TmsRefused;
import com.shanfu.portal.tms.TmsTxnFilter;
import com.shanfu.tms.contract.Batch;
import com.shanfu.tms.contract.FleetDevice;
import com.shanfu.tms.contract.MerchantTerms;
import com.shanfu.tms.contract.Page;
import com.shanfu.tms.contract.Payout;
import com.shanfu.tms.contract.PayoutDetail;
import com.shanfu.tms.contract.RefundRequest;
import com.shanfu.tms.contract.Summary;
import com.shanfu.tms.contract.Transaction;
import com.shanfu.tms.contract.TransactionDetail;
import com.shanfu.tms.contract.TxnKind;
import com.shanfu.tms.contract.TxnStatus;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * The shop's money as the TMS records it: transactions, the dashboard, batches, payouts, refunds. Always for the
 * signed-in person's own shop ({@link Shops#current()}); the TMS answers another shop's transaction id with 404.
 */
@Service
public class MerchantMoney {

    private final Shops shops;
    private final TmsClient tms;
    private final Audit audit;

    MerchantMoney(Shops shops, TmsClient tms, Audit audit) {
        this.shops = shops;
        this.tms = tms;
        this.audit = audit;
    }

    @PreAuthorize("hasAnyRole('merchant', 'cashier')")
    public Page<Transaction> transactions(TmsTxnFilter filter, int page, int size) {
        return tms.transactions(shops.current().mid(), filter, page, size);
    }

    @PreAuthorize("hasAnyRole('merchant', 'cashier')")
    public Optional<TransactionDetail> transaction(long id) {
        return tms.transaction(shops.current().mid(), id);
    }

    @PreAuthorize("hasAnyRole('merchant', 'cashier')")
    public Summary summary() {
        return tms.summary(shops.current().mid());
    }

    @PreAuthorize("hasAnyRole('merchant', 'cashier')")
    public List<Batch> batches() {
        return tms.batches(shops.current().mid());
    }

    @PreAuthorize("hasAnyRole('merchant', 'cashier')")
    public List<Payout> payouts() {
        return tms.payouts(shops.current().mid());
    }

    @PreAuthorize("hasAnyRole('merchant', 'cashier')")
    public PayoutDetail payout(long id) {
        return tms.payout(shops.current().mid(), id);
    }

    @PreAuthorize("hasAnyRole('merchant', 'cashier')")
    public MerchantTerms terms() {
        return tms.merchant(shops.current().mid());
    }

    @PreAuthorize("hasAnyRole('merchant', 'cashier')")
    public List<FleetDevice> terminals() {
        return tms.fleet(null, null, shops.current().mid(), 0, 50).items();
    }

    @PreAuthorize("hasAnyRole('merchant', 'cashier')")
    public List<RefundRequest> refundRequests() {
        return tms.refundRequests(shops.current().mid());
    }

    /** A new reference for one refund the owner is about to ask for: asking twice with it refunds once. */
    public static String newRequestRef() {
        return "portal-" + UUID.randomUUID();
    }

    /**
     * Asks the terminal that took the sale to refund {@code amountFen} of it. Only the shop's owner; never above what
     * is left (the TMS checks under a lock, the host again). The TMS's reason comes back as the refusal.
     */
    @PreAuthorize("hasRole('merchant')")
    @org.springframework.transaction.annotation.Transactional // the audit entry is written with the request's answer
    public RefundRequest refund(long txnId, long amountFen, String requestRef) {
        Shop shop = shops.owned();
        if (amountFen <= 0) {
            throw new ApplicationException("refund.amount-positive");
        }
        Transaction sale = tms.transaction(shop.mid(), txnId)
                .orElseThrow(() -> new ApplicationException("refund.unknown-transaction"))
                .transaction();
        if (sale.kind() != TxnKind.PURCHASE || sale.status() != TxnStatus.APPROVED) {
            throw new ApplicationException("refund.not-a-sale");
        }
        if (amountFen > sale.refundableFen()) { // said in the shop's language; the TMS checks again under a lock
            throw new ApplicationException(
                    "refund.above",
                    java.math.BigDecimal.valueOf(sale.refundableFen(), 2).toPlainString());
        }
        try {
            RefundRequest r = tms.requestRefund(shop.mid(), txnId, amountFen, requestRef, shop.username());
            audit.record(
                    shop.username(),
                    "REFUND_REQUESTED",
                    "transaction",
                    txnId,
                    null,
                    java.util.Map.of("amountFen", amountFen, "request", r.id()));
            return r;
        } catch (TmsRefused e) {
            throw new ApplicationException("refund.refused", e.getMessage());
        }
    }
}
