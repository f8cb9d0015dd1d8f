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
import java.time.Instant;
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
    private final org.springframework.jdbc.core.JdbcTemplate jdbc;

    Statements(
            TxnRepository journal,
            DeviceRepository devices,
            DeviceService deviceService,
            org.springframework.jdbc.core.JdbcTemplate jdbc) {
        this.journal = journal;
        this.devices = devices;
        this.deviceService = deviceService;
        this.jdbc = jdbc;
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

    /**
     * Where the next page of the newest-first order starts when reading page after page (keyset paging): after the
     * row with this time and id. Read at any depth in the time of the first page, where an offset is read row by row.
     */
    record Cursor(Instant createdAt, long id) {

        static final String FORMAT = "\\d{1,15}-\\d{1,19}";

        static Cursor parse(String token) {
            if (token == null || !token.matches(FORMAT)) {
                throw new TmsException(
                        HttpStatus.BAD_REQUEST, "invalid-cursor", "after is the next value of an earlier page");
            }
            int dash = token.indexOf('-');
            return new Cursor(
                    Instant.ofEpochMilli(Long.parseLong(token.substring(0, dash))),
                    Long.parseLong(token.substring(dash + 1)));
        }

        static Cursor of(Txn last) {
            return new Cursor(last.createdAt(), last.id());
        }

        String token() {
            return createdAt.toEpochMilli() + "-" + id;
        }
    }

    private static final Sort NEWEST_FIRST = Sort.by(Sort.Direction.DESC, "createdAt", "id");

    /** A page by number, with the total (the list in the portal). */
    @Transactional(readOnly = true)
    Page<Txn> search(Merchant m, Filter f, int page, int size) {
        return spec(m, f, null)
                .map(spec -> journal.findAll(spec, PageRequest.of(page, size, NEWEST_FIRST)))
                .orElseGet(() -> Page.empty(PageRequest.of(page, size)));
    }

    /** The page after a cursor (or the first), without counting: what an export reads page after page. */
    @Transactional(readOnly = true)
    List<Txn> searchAfter(Merchant m, Filter f, Cursor after, int size) {
        return spec(m, f, after)
                .map(spec -> journal.findBy(
                        spec, q -> q.sortBy(NEWEST_FIRST).limit(size).all()))
                .orElseGet(List::of);
    }

    /** The filter as a query; empty when it names a terminal that is not this merchant's (nothing to show). */
    private java.util.Optional<Specification<Txn>> spec(Merchant m, Filter f, Cursor after) {
        Long deviceId = null;
        if (f.tid() != null) {
            var d = devices.findByTid(f.tid())
                    .filter(x -> x.merchant() != null && x.merchant().id().equals(m.id()));
            if (d.isEmpty()) {
                return java.util.Optional.empty();
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
            if (after != null) {
                p.add(cb.or(
                        cb.lessThan(root.get("createdAt"), after.createdAt()),
                        cb.and(
                                cb.equal(root.get("createdAt"), after.createdAt()),
                                cb.lessThan(root.get("id"), after.id()))));
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
        return java.util.Optional.of(spec);
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

    /** A sale or refund as the dashboard counts it: no entity, the fee its payout charged when it was paid out. */
    private record Row(
            long id, TxnKind kind, long amountFen, String scheme, String cardType, Instant at, Long charged) {}

    /**
     * The dashboard, read as one projection of the period's approved sales and refunds (no entities: a big shop has
     * thousands a month). A sale's fee is what its payout charged; a sale not paid out yet is priced with the
     * merchant's current fee plan, the way its payout will be.
     */
    @Transactional(readOnly = true)
    Summary summary(Merchant m, LocalDate today) {
        LocalDate monthStart = today.withDayOfMonth(1);
        LocalDate first = monthStart.isBefore(today.minusDays(29)) ? monthStart : today.minusDays(29);
        List<Row> txns = jdbc.query(
                "select t.id, t.kind, t.amount_fen, t.card_scheme, t.card_type, t.created_at, l.fee_fen"
                        + " from txn t left join payout_line l on l.txn_id = t.id"
                        + " where t.merchant_id = ? and t.status = 'APPROVED' and t.kind in ('PURCHASE', 'REFUND')"
                        + " and t.created_at >= ? and t.created_at < ?",
                (rs, i) -> new Row(
                        rs.getLong(1),
                        TxnKind.valueOf(rs.getString(2)),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant(),
                        rs.getObject(7) == null ? null : rs.getLong(7)),
                m.id(),
                java.sql.Timestamp.from(first.atStartOfDay(ZONE).toInstant()),
                java.sql.Timestamp.from(today.plusDays(1).atStartOfDay(ZONE).toInstant()));
        FeeSchedule plan = m.feeSchedule();
        Map<Long, Long> fees = new java.util.HashMap<>();
        for (Row t : txns) {
            if (t.kind() == TxnKind.PURCHASE) {
                fees.put(
                        t.id(),
                        t.charged() != null ? t.charged() : plan.feeFen(t.amountFen(), "CREDIT".equals(t.cardType())));
            }
        }
        TreeMap<LocalDate, long[]> days = new TreeMap<>();
        for (int i = 29; i >= 0; i--) {
            days.put(today.minusDays(i), new long[2]);
        }
        Map<CardKind, long[]> types = new LinkedHashMap<>();
        for (Row t : txns) {
            LocalDate d = LocalDate.ofInstant(t.at(), ZONE);
            if (t.kind() == TxnKind.PURCHASE && days.containsKey(d)) {
                days.get(d)[0] += t.amountFen();
                days.get(d)[1]++;
                long[] share = types.computeIfAbsent(new CardKind(t.scheme(), t.cardType()), k -> new long[2]);
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

    private static Figures figures(List<Row> txns, Map<Long, Long> fees, LocalDate from, LocalDate to) {
        int sales = 0;
        int refunds = 0;
        long salesFen = 0;
        long refundsFen = 0;
        long feesFen = 0;
        for (Row t : txns) {
            LocalDate d = LocalDate.ofInstant(t.at(), ZONE);
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
