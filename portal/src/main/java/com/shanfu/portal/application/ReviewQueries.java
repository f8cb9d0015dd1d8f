package com.shanfu.portal.application;

import jakarta.persistence.criteria.Predicate;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.jpa.domain.Specification;

/** The review queue's filters as a JPA specification; each one is backed by an index (V3). */
final class ReviewQueries {

    private ReviewQueries() {}

    static Specification<Application> matching(ApplicationQueries.ReviewQuery q, LocalDate today) {
        return (root, query, cb) -> {
            List<Predicate> p = new ArrayList<>();
            if (q.status() != null) {
                p.add(cb.equal(root.get("status"), q.status()));
            }
            if (q.minAge() != null) { // at least minAge: born on or before today minus minAge years
                p.add(cb.lessThanOrEqualTo(root.get("birthDate"), today.minusYears(q.minAge())));
            }
            if (q.maxAge() != null) { // at most maxAge: born after today minus (maxAge + 1) years
                p.add(cb.greaterThan(root.get("birthDate"), today.minusYears(q.maxAge() + 1L)));
            }
            if (q.province() != null && !q.province().isBlank()) {
                p.add(cb.like(root.get("regionCode"), q.province() + "%"));
            }
            if (q.minScore() != null) {
                p.add(cb.greaterThanOrEqualTo(root.get("riskScore"), q.minScore()));
            }
            return cb.and(p.toArray(Predicate[]::new));
        };
    }
}
