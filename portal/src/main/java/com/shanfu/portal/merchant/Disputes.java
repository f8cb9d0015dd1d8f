package com.shanfu.portal.merchant;

import com.shanfu.portal.application.ApplicationException;
import com.shanfu.portal.audit.Audit;
import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.tms.TmsClient;
import com.shanfu.tms.contract.Transaction;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Disputes about a shop's transactions. The merchant opens one or answers a chargeback notice and adds evidence;
 * staff register chargeback notices and decide. A shop only ever reaches its own disputes.
 */
@Service
public class Disputes {

    private static final List<Dispute.Status> UNDECIDED = List.of(Dispute.Status.OPEN, Dispute.Status.ANSWERED);

    private final DisputeRepository disputes;
    private final EvidenceRepository evidence;
    private final Shops shops;
    private final TmsClient tms;
    private final Notifications notifications;
    private final Audit audit;
    private final Clock clock;

    Disputes(
            DisputeRepository disputes,
            EvidenceRepository evidence,
            Shops shops,
            TmsClient tms,
            Notifications notifications,
            Audit audit,
            Clock clock) {
        this.disputes = disputes;
        this.evidence = evidence;
        this.shops = shops;
        this.tms = tms;
        this.notifications = notifications;
        this.audit = audit;
        this.clock = clock;
    }

    public record WithEvidence(Dispute dispute, List<DisputeEvidence> evidence) {}

    /** The owner disputes one of the shop's transactions; one undecided dispute per transaction. */
    @Transactional
    @PreAuthorize("hasRole('merchant')")
    public Dispute open(long txnId, String reason, String description) {
        Shop shop = shops.owned();
        String text = requireText(description);
        if (reason == null || !Dispute.REASONS.contains(reason)) {
            throw new ApplicationException("dispute.reason-required");
        }
        Transaction t = tms.transaction(shop.mid(), txnId)
                .orElseThrow(() -> new ApplicationException("dispute.unknown-transaction"))
                .transaction();
        if (disputes.existsByMidAndTxnIdAndKindAndStatusIn(shop.mid(), txnId, Dispute.Kind.MERCHANT, UNDECIDED)) {
            throw new ApplicationException("dispute.already-open");
        }
        Dispute d = disputes.save(new Dispute(
                shop.mid(),
                txnId,
                summary(t),
                Dispute.Kind.MERCHANT,
                reason,
                t.amountFen(),
                text,
                null,
                shop.username(),
                clock.instant()));
        audit.record(shop.username(), "DISPUTE_OPENED", "dispute", d.getId(), null, reason);
        return d;
    }

    /** Staff register a chargeback notice from the card issuer; the shop answers it by {@code respondBy}. */
    @Transactional
    @PreAuthorize("hasAnyRole('staff', 'admin')")
    public Dispute registerChargeback(String mid, long txnId, String reason, String description, LocalDate respondBy) {
        String text = requireText(description);
        if (reason == null || !Dispute.REASONS.contains(reason)) {
            throw new ApplicationException("dispute.reason-required");
        }
        if (mid == null || !mid.matches("\\d{15}")) {
            throw new ApplicationException("dispute.mid-invalid");
        }
        if (respondBy == null || !respondBy.isAfter(LocalDate.now(clock.withZone(Formats.CHINA)))) {
            throw new ApplicationException("dispute.respond-by-future");
        }
        Transaction t = tms.transaction(mid, txnId)
                .orElseThrow(() -> new ApplicationException("dispute.unknown-transaction"))
                .transaction();
        String staff = CurrentUser.require().username();
        Dispute d = disputes.save(new Dispute(
                mid,
                txnId,
                summary(t),
                Dispute.Kind.CHARGEBACK,
                reason,
                t.amountFen(),
                text,
                respondBy,
                staff,
                clock.instant()));
        audit.record(staff, "CHARGEBACK_REGISTERED", "dispute", d.getId(), null, mid + " " + txnId);
        notifications.tellAs(
                mid,
                Notifications.Kind.DISPUTE_UPDATE,
                "dispute:" + d.getId() + ":chargeback",
                "notify.merchant.chargeback",
                String.valueOf(d.getId()),
                d.getTxnSummary(),
                respondBy.toString());
        return d;
    }

    /** The owner answers (a chargeback) or adds words (their own dispute) until it is decided. */
    @Transactional
    @PreAuthorize("hasRole('merchant')")
    public Dispute answer(long id, String text) {
        Shop shop = shops.owned();
        Dispute d =
                disputes.findByIdAndMid(id, shop.mid()).orElseThrow(() -> new ApplicationException("dispute.unknown"));
        if (d.getStatus().decided()) {
            throw new ApplicationException("dispute.decided");
        }
        d.answer(requireText(text), clock.instant());
        audit.record(
                shop.username(),
                "DISPUTE_ANSWERED",
                "dispute",
                d.getId(),
                null,
                d.getStatus().name());
        return d;
    }

    /** Adds a file to one of the shop's undecided disputes: PDF, JPEG or PNG by content, size and count limited. */
    @Transactional
    @PreAuthorize("hasRole('merchant')")
    public DisputeEvidence addEvidence(long id, String filename, byte[] content) {
        Shop shop = shops.owned();
        Dispute d =
                disputes.findByIdAndMid(id, shop.mid()).orElseThrow(() -> new ApplicationException("dispute.unknown"));
        if (d.getStatus().decided()) {
            throw new ApplicationException("dispute.decided");
        }
        Evidence.Checked file;
        try {
            file = Evidence.check(filename, content);
        } catch (Evidence.Refused e) {
            throw new ApplicationException(e.key(), Evidence.MAX_BYTES / (1024 * 1024));
        }
        if (evidence.countByDisputeId(d.getId()) >= Evidence.MAX_FILES) {
            throw new ApplicationException("dispute.evidence.too-many", Evidence.MAX_FILES);
        }
        if (evidence.existsByDisputeIdAndSha256(d.getId(), file.sha256())) {
            throw new ApplicationException("dispute.evidence.duplicate");
        }
        DisputeEvidence e = evidence.save(new DisputeEvidence(d.getId(), file, shop.username(), clock.instant()));
        d.touched(clock.instant());
        audit.record(
                shop.username(), "EVIDENCE_ADDED", "dispute", d.getId(), null, file.filename() + " " + file.sha256());
        return e;
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('merchant', 'cashier')")
    public List<Dispute> mine() {
        return disputes.findByMidOrderByCreatedAtDesc(shops.current().mid());
    }

    /** One of the shop's disputes with its evidence; another shop's id is not found. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('merchant', 'cashier')")
    public Optional<WithEvidence> mine(long id) {
        return disputes.findByIdAndMid(id, shops.current().mid())
                .map(d -> new WithEvidence(d, evidence.findByDisputeIdOrderByIdAsc(d.getId())));
    }

    /** A file of one of the shop's disputes; another shop's file is not found. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('merchant', 'cashier')")
    public Optional<DisputeEvidence> myEvidence(long evidenceId) {
        String mid = shops.current().mid();
        return evidence.findById(evidenceId)
                .filter(e -> disputes.findByIdAndMid(e.getDisputeId(), mid).isPresent());
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('staff', 'admin')")
    public List<Dispute> queue(boolean undecidedOnly) {
        return undecidedOnly ? disputes.findByStatusInOrderByCreatedAtAsc(UNDECIDED) : disputes.findAll();
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('staff', 'admin')")
    public Optional<WithEvidence> any(long id) {
        return disputes.findById(id).map(d -> new WithEvidence(d, evidence.findByDisputeIdOrderByIdAsc(d.getId())));
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('staff', 'admin')")
    public Optional<DisputeEvidence> anyEvidence(long evidenceId) {
        return evidence.findById(evidenceId);
    }

    /** Staff decide for or against the merchant, with a note the merchant sees; audited and told to the shop. */
    @Transactional
    @PreAuthorize("hasAnyRole('staff', 'admin')")
    public Dispute decide(long id, boolean merchantWins, String note) {
        Dispute d = disputes.findById(id).orElseThrow(() -> new ApplicationException("dispute.unknown"));
        if (d.getStatus().decided()) {
            throw new ApplicationException("dispute.decided");
        }
        String staff = CurrentUser.require().username();
        d.decide(merchantWins, requireText(note), staff, clock.instant());
        audit.record(
                staff,
                "DISPUTE_DECIDED",
                "dispute",
                d.getId(),
                null,
                d.getStatus().name());
        notifications.tell(
                d.getMid(),
                Notifications.Kind.DISPUTE_UPDATE,
                "dispute:" + d.getId() + ":decided",
                String.valueOf(d.getId()),
                d.getTxnSummary(),
                merchantWins ? 1 : 0);
        return d;
    }

    private static String requireText(String text) {
        if (text == null || text.isBlank()) {
            throw new ApplicationException("dispute.text-required");
        }
        if (text.strip().length() > Dispute.TEXT_MAX) {
            throw new ApplicationException("dispute.text-too-long", Dispute.TEXT_MAX);
        }
        return text.strip();
    }

    private static String summary(Transaction t) {
        return Formats.money(t.amountFen(), Locale.SIMPLIFIED_CHINESE) + " · "
                + (t.panMasked() == null ? "-" : t.panMasked()) + " · "
                + t.createdAt().atZone(Formats.CHINA).toLocalDateTime().withNano(0) + " · RRN " + t.rrn();
    }
}
