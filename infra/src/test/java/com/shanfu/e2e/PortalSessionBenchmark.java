package com.shanfu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * Memory per active portal session (part of {@code infra/shanfu bench portal}): on the end-to-end stack (the real
 * portal jar), browsers sign in through Keycloak and open a page, and stay open: first staff members on the review
 * queue, then new applicants on the application form. The portal's heap is read after a full GC before and after each
 * group (through {@code jcmd} and {@code jstat}), and the difference is divided by the sessions opened. Prints the figures and writes
 * them to docs/benchmarks.md. Not part of the test run.
 */
@ExtendWith(E2eStack.class)
class PortalSessionBenchmark {

    static final int SESSIONS = Integer.getInteger("shanfu.bench.sessions", 8);

    @Test
    void memory_per_active_session() throws Exception {
        long portal = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("portal.jar"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no portal process of the end-to-end stack"))
                .pid();
        List<Browser> open = new ArrayList<>();
        try {
            open.add(staff(0)); // the first session loads what every session shares (classes, caches): not counted
            long start = heapUsedAfterGc(portal);
            for (int i = 1; i <= SESSIONS; i++) {
                open.add(staff(i));
            }
            long staffed = heapUsedAfterGc(portal);
            for (int i = 0; i < SESSIONS; i++) {
                Browser b = new Browser(E2eStack.WORK);
                open.add(b);
                Journeys.signUp(b); // lands on the form
            }
            long applied = heapUsedAfterGc(portal);
            double staffKiB = (staffed - start) / 1024.0 / SESSIONS;
            double applicantKiB = (applied - staffed) / 1024.0 / SESSIONS;
            String section = String.format(
                    """
                    ## Portal sessions

                    Measured %s on this machine (%d cores) with `infra/shanfu bench portal` on the end-to-end stack \
                    (the portal jar, Keycloak, MariaDB): %d browsers (Chromium) sign in through Keycloak as staff and \
                    open the review queue, then %d new applicants register and open the application form; every \
                    browser stays open. The portal's heap is read after a full GC (`jcmd GC.run`, then the used columns of `jstat -gc`) \
                    before and after each group; one staff session opened first is not counted (it loads what all \
                    sessions share). Target: < 1 MiB per active session.

                    | sessions | heap used after GC, MiB | per session, KiB |
                    |---|---|---|
                    | before (1 warm-up session) | %.1f | |
                    | + %d staff on the review queue | %.1f | %.0f |
                    | + %d applicants on the form | %.1f | %.0f |

                    Reading: %.0f KiB per staff session and %.0f KiB per applicant session (target < 1,024 KiB): %s.
                    """,
                    LocalDate.now(),
                    Runtime.getRuntime().availableProcessors(),
                    SESSIONS,
                    SESSIONS,
                    start / 1048576.0,
                    SESSIONS,
                    staffed / 1048576.0,
                    staffKiB,
                    SESSIONS,
                    applied / 1048576.0,
                    applicantKiB,
                    staffKiB,
                    applicantKiB,
                    Math.max(staffKiB, applicantKiB) < 1024 ? "met" : "missed");
            System.out.println(section);
            Path file = Path.of("..", "docs", "benchmarks.md");
            Files.writeString(file, Reports.replaceSection(Files.readString(file), section));
            assertThat(applied).isPositive();
        } finally {
            open.forEach(Browser::close);
        }
    }

    private static Browser staff(int i) throws Exception {
        Browser b = new Browser(E2eStack.WORK);
        Journeys.signIn(b, "/staff/applications", i % 2 == 0 ? "staff1" : "staff2");
        b.find(By.tagName("vaadin-grid"));
        return b;
    }

    /**
     * The portal's heap in use after two full collections: the used columns of {@code jstat -gc} (survivors, eden, old),
     * which every collector reports alike.
     */
    private static long heapUsedAfterGc(long pid) throws Exception {
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        for (int i = 0; i < 2; i++) {
            run(bin.resolve("jcmd").toString(), Long.toString(pid), "GC.run");
            Thread.sleep(500);
        }
        List<String> lines = run(bin.resolve("jstat").toString(), "-gc", Long.toString(pid))
                .lines()
                .filter(l -> !l.isBlank())
                .toList();
        List<String> names = List.of(lines.get(0).trim().split("\\s+"));
        String[] values = lines.get(1).trim().split("\\s+");
        double kib = 0;
        for (String used : List.of("S0U", "S1U", "EU", "OU")) {
            kib += Double.parseDouble(values[names.indexOf(used)]);
        }
        return (long) (kib * 1024);
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
        return out;
    }
}
