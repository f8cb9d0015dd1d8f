package com.shanfu.portal.application;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One step in an application's history, shown on the applicant's status page. */
@Entity
@Table(name = "application_event")
public class ApplicationEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "application_id", nullable = false)
    private Long applicationId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ApplicationStatus status;

    @Column(nullable = false)
    private String actor;

    private String note;

    @Column(nullable = false)
    private Instant at;

    protected ApplicationEvent() {}

    ApplicationEvent(Long applicationId, ApplicationStatus status, String actor, String note, Instant at) {
        this.applicationId = applicationId;
        this.status = status;
        this.actor = actor;
        this.note = note;
        this.at = at;
    }

    public ApplicationStatus getStatus() {
        return status;
    }

    public String getNote() {
        return note;
    }

    public Instant getAt() {
        return at;
    }
}
