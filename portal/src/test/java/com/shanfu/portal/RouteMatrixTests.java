package com.shanfu.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * The role × route matrix of the portal, generated from the code's own route list (every class with {@code @Route}):
 * every route must have a rule here — a new page without one fails this test — and its access annotation must say
 * exactly what the rule says. Vaadin's view access checker enforces the annotations on every navigation; the browser
 * tests (BackOfficeIT, MerchantPortalIT, ApplicantJourneyIT) show the refusals in a real browser.
 */
class RouteMatrixTests {

    static final String ANONYMOUS = "anonymous";
    static final String SIGNED_IN = "any signed-in user";
    static final Set<String> MERCHANT = Set.of("merchant", "cashier");

    /** route → who may open it. */
    static final Map<String, Set<String>> RULES = new TreeMap<>(Map.ofEntries(
            Map.entry("", Set.of(ANONYMOUS)),
            Map.entry("receipt", Set.of(ANONYMOUS)),
            Map.entry("apply", Set.of("applicant")),
            Map.entry("my-application", Set.of("applicant")),
            Map.entry("staff/applications", Set.of("staff")),
            Map.entry("staff/case", Set.of("staff")),
            Map.entry("staff/inventory", Set.of("staff")),
            Map.entry("staff/disputes", Set.of("staff", "admin")),
            Map.entry("admin/risk-rules", Set.of("admin")),
            Map.entry("admin/audit", Set.of("admin")),
            Map.entry("admin/blocklist", Set.of("admin")),
            Map.entry("admin/books", Set.of("admin")),
            Map.entry("admin/fleet", Set.of("admin")),
            // the dev outbox: admins, and only in the local profile (the view is "not found" otherwise; prod refuses
            // it)
            Map.entry("dev/outbox", Set.of("admin")),
            Map.entry("merchant", MERCHANT),
            Map.entry("merchant/activation", MERCHANT),
            Map.entry("merchant/dispute", MERCHANT),
            Map.entry("merchant/disputes", MERCHANT),
            Map.entry("merchant/notifications", MERCHANT),
            Map.entry("merchant/settings", MERCHANT),
            Map.entry("merchant/settlements", MERCHANT),
            Map.entry("merchant/transaction", MERCHANT),
            Map.entry("merchant/transactions", MERCHANT)));

    @Test
    void everyRouteHasARuleAndItsAnnotationSaysExactlyThat() throws Exception {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Route.class));
        Map<String, Set<String>> found = new TreeMap<>();
        for (var candidate : scanner.findCandidateComponents("com.shanfu.portal")) {
            Class<?> view = Class.forName(candidate.getBeanClassName());
            found.put(view.getAnnotation(Route.class).value(), access(view));
        }
        List<String> unruled = new ArrayList<>(found.keySet());
        unruled.removeAll(RULES.keySet());
        assertThat(unruled)
                .as("routes without a rule in RouteMatrixTests.RULES: add one")
                .isEmpty();
        assertThat(found).as("each route's access annotation against its rule").isEqualTo(RULES);
    }

    /** Who a view's annotation lets in (a view without one is open to nobody: Vaadin denies by default). */
    static Set<String> access(Class<?> view) {
        if (view.isAnnotationPresent(AnonymousAllowed.class)) {
            return Set.of(ANONYMOUS);
        }
        if (view.isAnnotationPresent(PermitAll.class)) {
            return Set.of(SIGNED_IN);
        }
        if (view.isAnnotationPresent(RolesAllowed.class)) {
            return new TreeSet<>(List.of(view.getAnnotation(RolesAllowed.class).value()));
        }
        if (view.isAnnotationPresent(DenyAll.class)) {
            return Set.of();
        }
        return Set.of();
    }
}
