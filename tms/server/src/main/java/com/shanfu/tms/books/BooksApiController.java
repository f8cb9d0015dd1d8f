package com.shanfu.tms.books;

import com.shanfu.tms.contract.BooksRun;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The books check for admins (directly, or through the portal's admin page as the portal client): run it now, or read
 * the reports of the latest runs (scheduled or asked for).
 */
@RestController
@RequestMapping("/api/v1/books")
@SecurityRequirement(name = "keycloak")
@PreAuthorize("hasAnyRole('admin', 'tms-client')")
class BooksApiController {

    private final BooksCheckRuns runs;

    BooksApiController(BooksCheckRuns runs) {
        this.runs = runs;
    }

    @PostMapping("/checks")
    @Operation(
            summary = "Run the books check now: every invariant of the money path, with every difference listed"
                    + " (requestedBy: the portal's admin who asked, recorded as portal:NAME)")
    BooksCheck.Report check(Authentication who, @RequestParam(required = false) String requestedBy) {
        return runs.runAndRecord(actor(who, requestedBy));
    }

    @PostMapping(value = "/checks", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "The same, as text (what infra/shanfu reconcile prints)")
    String checkText(Authentication who, @RequestParam(required = false) String requestedBy) {
        return runs.runAndRecord(actor(who, requestedBy)).text();
    }

    private static String actor(Authentication who, String requestedBy) {
        return com.shanfu.tms.web.Roles.any(who, "tms-client")
                        && requestedBy != null
                        && requestedBy.matches("[\\w.@-]{1,50}")
                ? "portal:" + requestedBy
                : who.getName();
    }

    @GetMapping("/checks")
    @Operation(summary = "The latest runs of the books check, newest first, with their reports")
    List<BooksRun> latest(@RequestParam(defaultValue = "10") int limit) {
        return runs.latest(limit);
    }
}
