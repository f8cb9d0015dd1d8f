package com.shanfu.portal.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only audit log. {@link #record} joins the caller's transaction: the entry exists exactly when the action
 * it describes was committed. Before and after are JSON snapshots, with personal numbers only ever masked.
 */
@Service
public class Audit {

    private final AuditRepository entries;
    private final ObjectMapper json;
    private final Clock clock;

    Audit(AuditRepository entries, ObjectMapper json, Clock clock) {
        this.entries = entries;
        this.json = json;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String actor, String action, String targetType, Object targetId, Object before, Object after) {
        entries.save(new AuditEntry(
                clock.instant(),
                actor,
                action,
                targetType,
                targetId == null ? null : String.valueOf(targetId),
                toJson(before),
                toJson(after)));
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('admin')")
    public Page<AuditEntry> page(Pageable pageable) {
        return entries.findAllByOrderByIdDesc(pageable);
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('staff', 'admin')")
    public List<AuditEntry> of(String targetType, Object targetId) {
        return entries.findByTargetTypeAndTargetIdOrderByIdAsc(targetType, String.valueOf(targetId));
    }

    /** The whole log as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese right). */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('admin')")
    public byte[] exportCsv() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder b = new StringBuilder("\uFEFFid,at,actor,action,target_type,target_id,before,after\n");
        for (AuditEntry e : entries.findAllByOrderByIdAsc()) {
            b.append(e.getId())
                    .append(',')
                    .append(e.getAt())
                    .append(',')
                    .append(csv(e.getActor()))
                    .append(',')
                    .append(csv(e.getAction()))
                    .append(',')
                    .append(csv(e.getTargetType()))
                    .append(',')
                    .append(csv(e.getTargetId()))
                    .append(',')
                    .append(csv(e.getBeforeJson()))
                    .append(',')
                    .append(csv(e.getAfterJson()))
                    .append('\n');
        }
        out.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static String csv(String v) {
        if (v == null) {
            return "";
        }
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private String toJson(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof String s) {
            return s;
        }
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit snapshot not serialisable", e);
        }
    }
}
