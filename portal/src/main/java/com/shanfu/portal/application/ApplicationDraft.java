package com.shanfu.portal.application;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A form saved half-way, one per account; the whole form is encrypted, it holds the same data as an application. */
@Entity
@Table(name = "application_draft")
class ApplicationDraft {

    @Id
    @Column(name = "applicant_subject")
    private String applicantSubject;

    @Column(name = "payload_enc", nullable = false)
    private String payloadEnc;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ApplicationDraft() {}

    ApplicationDraft(String subject, String payloadEnc, Instant at) {
        this.applicantSubject = subject;
        this.payloadEnc = payloadEnc;
        this.updatedAt = at;
    }

    String payloadEnc() {
        return payloadEnc;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    void replace(String payloadEnc, Instant at) {
        this.payloadEnc = payloadEnc;
        this.updatedAt = at;
    }
}
