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

/** A call staff made to the applicant: when, who, how it went, notes, and the model they recommended. */
@Entity
@Table(name = "contact_log")
public class ContactLog {

    public enum Outcome {
        REACHED,
        NO_ANSWER,
        WRONG_NUMBER,
        CALL_BACK
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "application_id", nullable = false)
    private Long applicationId;

    @Column(nullable = false)
    private String staff;

    @Column(nullable = false)
    private Instant at;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Outcome outcome;

    private String notes;

    @Column(name = "recommended_model")
    private String recommendedModel;

    protected ContactLog() {}

    ContactLog(Long applicationId, String staff, Instant at, Outcome outcome, String notes, String recommendedModel) {
        this.applicationId = applicationId;
        this.staff = staff;
        this.at = at;
        this.outcome = outcome;
        this.notes = notes;
        this.recommendedModel = recommendedModel;
    }

    public String getStaff() {
        return staff;
    }

    public Instant getAt() {
        return at;
    }

    public Outcome getOutcome() {
        return outcome;
    }

    public String getNotes() {
        return notes;
    }

    public String getRecommendedModel() {
        return recommendedModel;
    }
}
