package com.shanfu.portal.application;

import com.shanfu.portal.audit.Audit;
import com.shanfu.portal.privacy.Pii;
import com.shanfu.portal.security.CurrentUser;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bars an applicant's ID number, phone and settlement card from future applications (fraud, abuse). Only keyed
 * hashes are kept; adding and lifting are audited with the reason.
 */
@Service
public class Blocklists {

    private final ApplicationRepository applications;
    private final BlocklistRepository blocklist;
    private final PhoneVerifications phones;
    private final PersonalData personalData;
    private final Audit audit;
    private final Pii pii;
    private final Clock clock;

    Blocklists(
            ApplicationRepository applications,
            BlocklistRepository blocklist,
            PhoneVerifications phones,
            PersonalData personalData,
            Audit audit,
            Pii pii,
            Clock clock) {
        this.applications = applications;
        this.blocklist = blocklist;
        this.phones = phones;
        this.personalData = personalData;
        this.audit = audit;
        this.pii = pii;
        this.clock = clock;
    }

    /** Bars this application's numbers; the application itself is decided as usual. Audited. */
    @Transactional
    @PreAuthorize("hasRole('staff')")
    public void blocklist(long applicationId, String reason, CurrentUser staff) {
        String why = ApplicationException.requireText(reason, 200, "validation.reason");
        Application a = applications.require(applicationId);
        if (a.getIdNumberEnc() == null) {
            throw new ApplicationException("error.erased");
        }
        Instant now = clock.instant();
        Map<BlocklistEntry.Kind, String> hashes = Map.of(
                BlocklistEntry.Kind.ID_NUMBER,
                a.getIdNumberHash(),
                BlocklistEntry.Kind.PHONE,
                phones.hash(pii.decrypt(a.getPhoneEnc())),
                BlocklistEntry.Kind.CARD,
                personalData.cardHash(pii.decrypt(a.getSettlementCardEnc())));
        hashes.forEach((kind, hash) -> {
            if (!blocklist.existsByKindAndValueHash(kind, hash)) {
                blocklist.save(new BlocklistEntry(kind, hash, why, staff.username(), now));
            }
        });
        audit.record(
                staff.username(),
                "BLOCKLISTED",
                "application",
                a.getId(),
                null,
                Map.of(
                        "reason",
                        why,
                        "idNumber",
                        a.getIdNumberMasked(),
                        "phone",
                        a.getPhoneMasked(),
                        "card",
                        a.getSettlementCardMasked()));
    }

    /** The blocklist, newest first; entries show the kind and reason only (the values are hashes). */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('admin')")
    public List<BlocklistEntry> entries() {
        return blocklist.findAllByOrderByIdDesc();
    }

    /** Lifts an entry (a mistake, a cleared case), with the reason; audited with what it was. */
    @Transactional
    @PreAuthorize("hasRole('admin')")
    public void unblock(long entryId, String reason, CurrentUser admin) {
        String why = ApplicationException.requireText(reason, 200, "validation.unblock-reason");
        BlocklistEntry e = blocklist.findById(entryId).orElseThrow(() -> new ApplicationException("error.not-found"));
        blocklist.delete(e);
        audit.record(
                admin.username(),
                "UNBLOCKED",
                "blocklist",
                entryId,
                Map.of("kind", e.getKind(), "reason", e.getReason(), "addedBy", e.getAddedBy()),
                Map.of("reason", why));
    }
}
