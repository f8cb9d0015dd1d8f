package com.shanfu.tms.statement;

import com.shanfu.tms.contract.CardTypeShare;
import com.shanfu.tms.contract.Day;
import com.shanfu.tms.contract.Figures;
import com.shanfu.tms.contract.Summary;
import com.shanfu.tms.contract.TxnKind;
import com.shanfu.tms.contract.TxnStatus;
import com.shanfu.tms.device.DeviceRepository;
import com.shanfu.tms.device.DeviceService;
import com.shanfu.tms.journal.Txn;
import com.shanfu.tms.journal.TxnRepository;
import com.shanfu.tms.merchant.FeeSchedule;
import com.shanfu.tms.merchant.Merchant;
import com.shanfu.tms.payout.Payouts;
import com.shanfu.tms.web.TmsException;
import jakarta.persistence.criteria.Predicate;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A merchant's own journal: searching it, one transaction, and the figures of the money dashboard. */
@Service
class Statements {

    static final ZoneId ZONE = Payouts.ZONE;

    private final TxnRepository journal;
    private final DeviceRepository devices;
    private final DeviceService deviceService;
    private final Payouts payouts;

    Statements(TxnRepository journal, DeviceRepository devices, DeviceService deviceService, Payouts payouts) {
        this.journal = journal;
        this.devices = devices;
        this.deviceService = deviceService;
        this.payouts = payouts;
    }

    /** What the merchant filters by; every part may be null. Dates are calendar days in China, both included. */
    record Filter(
            LocalDate from,
            LocalDate to,
            String tid,
            TxnKind kind,
            TxnStatus status,
            String cardType,
            Long minFen,
            Long maxFen) {}

    @Transactional(readOnly = true)
    Page<Txn> search(Merchant m, Filter f, int page, int size) {
        Long deviceId = null;
        if (f.tid() != null) {
            var d = devices.findByTid(f.tid())
                    .filter(x -> x.merchant() != null && x.merchant().id().equals(m.id()));
            if (d.isEmpty()) {
                return Page.empty(PageRequest.of(page, size)); // not this merchant's terminal: nothing to show
            }
            deviceId = d.get().id();
        }
        Long device = deviceId;
        Specification<Txn> spec = (root, q, cb) -> {
            List<Predicate> p = new ArrayList<>();
            p.add(cb.equal(root.get("merchantId"), m.id()));
            if (f.from() != null) {
                p.add(cb.greaterThanOrEqualTo(
                        root.get("createdAt"), f.from().atStartOfDay(ZONE).toInstant()));
            }
            if (f.to() != null) {
                p.add(cb.lessThan(
                        root.get("createdAt"),
                        f.to().plusDays(1).atStartOfDay(ZONE).toInstant()));
            }
            if (device != null) {
                p.add(cb.equal(root.get("deviceId"), device));
            }
            if (f.kind() != null) {
                p.add(cb.equal(root.get("kind"), f.kind()));
            }
            if (f.status() != null) {
                p.add(cb.equal(root.get("status"), f.status()));
            }
            if (f.cardType() != null) {
                p.add(cb.equal(root.get("cardType"), f.cardType()));
            }
            if (f.minFen() != null) {
                p.add(cb.greaterThanOrEqualTo(root.get("amountFen"), f.minFen()));
            }
            if (f.maxFen() != null) {
                p.add(cb.lessThanOrEqualTo(root.get("amountFen"), f.maxFen()));
            }
            return cb.and(p.toArray(Predicate[]::new));
        };
        return journal.findAll(spec, PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt", "id")));
    }

    @Transactional(readOnly = true)
    Txn one(Merchant m, long id) {
        // another merchant's transaction is answered exactly like one that does not exist
        return journal.findByIdAndMerchantId(id, m.id())
                .orElseThrow(
                        () -> new TmsException(HttpStatus.NOT_FOUND, "unknown-transaction", "no transaction " + id));
    }

    @Transactional(readOnly = true)
    List<Txn> refundsOf(Txn sale) {
        return journal.findByOriginalIdOrderByCreatedAtAsc(sale.id()).stream()
                .filter(t -> t.kind() == TxnKind.REFUND)
                .toList();
    }

    @Transactional(readOnly = true)
    Map<Long, String> tids(List<Txn> txns) {
        return deviceService.tidsOf(txns.stream().map(Txn::deviceId).distinct().toList());
    }

    /**
     * The dashboard. A sale's fee is what its payout charged; a sale not paid out yet is priced with the merchant's
     * current fee plan, the way its payout will be.
     */
    @Transactional(readOnly = true)
    Summary summary(Merchant m, LocalDate today) {
        LocalDate monthStart = today.withDayOfMonth(1);
        LocalDate first = monthStart.isBefore(today.minusDays(29)) ? monthStart : today.minusDays(29);
        List<Txn> txns = journal.approvedBetween(
                m.id(),
                first.atStartOfDay(ZONE).toInstant(),
                today.plusDays(1).atStartOfDay(ZONE).toInstant());
        Map<Long, Long> charged = payouts.feesOf(txns.stream()
                .filter(t -> t.kind() == TxnKind.PURCHASE)
                .map(Txn::id)
                .toList());
        FeeSchedule plan = m.feeSchedule();
        Map<Long, Long> fees = new java.util.HashMap<>();
        for (Txn t : txns) {
            if (t.kind() == TxnKind.PURCHASE) {
                fees.put(
                        t.id(),
                        charged.getOrDefault(t.id(), plan.feeFen(t.amountFen(), "CREDIT".equals(t.cardType()))));
            }
        }
        TreeMap<LocalDate, long[]> days = new TreeMap<>();
        for (int i = 29; i >= 0; i--) {
            days.put(today.minusDays(i), new long[2]);
        }
        Map<CardKind, long[]> types = new LinkedHashMap<>();
        for (Txn t : txns) {
            LocalDate d = LocalDate.ofInstant(t.createdAt(), ZONE);
            if (t.kind() == TxnKind.PURCHASE && days.containsKey(d)) {
                days.get(d)[0] += t.amountFen();
                days.get(d)[1]++;
                long[] share = types.computeIfAbsent(new CardKind(t.cardScheme(), t.cardType()), k -> new long[2]);
                share[0]++;
                share[1] += t.amountFen();
            }
        }
        return new Summary(
                today,
                figures(txns, fees, today, today),
                figures(txns, fees, monthStart, today),
                days.entrySet().stream()
                        .map(e -> new Day(e.getKey(), e.getValue()[0], (int) e.getValue()[1]))
                        .toList(),
                types.entrySet().stream()
                        .map(e -> new CardTypeShare(
                                e.getKey().scheme(), e.getKey().cardType(), (int) e.getValue()[0], e.getValue()[1]))
                        .sorted(Comparator.comparingLong(CardTypeShare::salesFen)
                                .reversed())
                        .toList());
    }

    private record CardKind(String scheme, String cardType) {}

    private static Figures figures(List<Txn> txns, Map<Long, Long> fees, LocalDate from, LocalDate to) {
        int sales = 0;
        int refunds = 0;
        long salesFen = 0;
        long refundsFen = 0;
        long feesFen = 0;
        for (Txn t : txns) {
            LocalDate d = LocalDate.ofInstant(t.createdAt(), ZONE);
            if (d.isBefore(from) || d.isAfter(to)) {
                continue;
            }
            if (t.kind() == TxnKind.PURCHASE) {
                sales++;
                salesFen += t.amountFen();
                feesFen += fees.get(t.id());
            } else {
                refunds++;
                refundsFen += t.amountFen();
            }
        }
        return new Figures(
                sales,
                salesFen,
                refunds,
                refundsFen,
                feesFen,
                salesFen - refundsFen - feesFen,
                sales == 0 ? 0 : (2 * salesFen + sales) / (2L * sales)); // half up, in fen
    }
}
