package com.shanfu.portal.benchmark;

import com.shanfu.portal.TestStack;
import com.shanfu.portal.application.ApplicationQueries;
import com.shanfu.portal.application.ApplicationStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The review queue at 100,000 applications: seeds them into a fresh database, then times the queue's queries (a page
 * of 50 plus the total, as the staff page asks) with each filter and sort. Prints the figures and writes them to
 * docs/benchmarks.md. Not part of the test run: {@code infra/shanfu bench}.
 */
@SpringBootTest(properties = "shanfu.tms.url=http://127.0.0.1:9")
class ReviewQueueBenchmark {

    static final int APPLICATIONS = 100_000;
    static final int RUNS = 30;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.register(registry, "portal_bench");
    }

    @Autowired
    ApplicationQueries service;

    @Autowired
    DataSource dataSource;

    @Test
    @WithMockUser(roles = "staff")
    void review_queue_at_100000_applications() throws IOException {
        long seedStart = System.nanoTime();
        seed();
        Duration seeding = Duration.ofNanos(System.nanoTime() - seedStart);

        Map<String, Supplier<Object>> queries = new LinkedHashMap<>();
        PageRequest newest = PageRequest.of(0, 50, Sort.by(Sort.Direction.DESC, "createdAt"));
        queries.put("all, newest first", () -> query(ApplicationQueries.ReviewQuery.all(), newest));
        queries.put(
                "status = awaiting call",
                () -> query(
                        new ApplicationQueries.ReviewQuery(ApplicationStatus.AWAITING_CALL, null, null, null, null),
                        newest));
        queries.put("age 18-25", () -> query(new ApplicationQueries.ReviewQuery(null, 18, 25, null, null), newest));
        queries.put(
                "province 44 (Guangdong)",
                () -> query(new ApplicationQueries.ReviewQuery(null, null, null, "44", null), newest));
        queries.put(
                "risk score >= 60, highest first",
                () -> query(
                        new ApplicationQueries.ReviewQuery(null, null, null, null, 60),
                        PageRequest.of(0, 50, Sort.by(Sort.Direction.DESC, "riskScore"))));
        queries.put(
                "awaiting call + province 31 + age 30-40",
                () -> query(
                        new ApplicationQueries.ReviewQuery(ApplicationStatus.AWAITING_CALL, 30, 40, "31", null),
                        newest));
        queries.put(
                "page 1000 of all",
                () -> query(
                        ApplicationQueries.ReviewQuery.all(),
                        PageRequest.of(1000, 50, Sort.by(Sort.Direction.DESC, "createdAt"))));

        StringBuilder table =
                new StringBuilder("| query (page of 50 + total) | median ms | p95 ms | max ms |\n|---|---|---|---|\n");
        for (Map.Entry<String, Supplier<Object>> q : queries.entrySet()) {
            for (int i = 0; i < 3; i++) {
                q.getValue().get(); // warm up
            }
            double[] ms = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long t = System.nanoTime();
                q.getValue().get();
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            String row = String.format(
                    "| %s | %.1f | %.1f | %.1f |%n", q.getKey(), ms[RUNS / 2], ms[(int) (RUNS * 0.95)], ms[RUNS - 1]);
            System.out.print(row);
            table.append(row);
        }
        write(seeding, table.toString());
    }

    private Object query(ApplicationQueries.ReviewQuery q, PageRequest page) {
        return List.of(service.queue(q, page).size(), service.queueSize(q));
    }

    private void seed() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        Random r = new Random(42);
        String[] provinces = {"11", "31", "44", "32", "33", "51", "42", "37"};
        // the background checks would pick up submitted and verifying rows; these rows have no identity to check
        ApplicationStatus[] statuses = Arrays.stream(ApplicationStatus.values())
                .filter(s -> s != ApplicationStatus.SUBMITTED && s != ApplicationStatus.VERIFYING)
                .toArray(ApplicationStatus[]::new);
        Instant now = Instant.now();
        List<Object[]> batch = new ArrayList<>();
        for (int i = 0; i < APPLICATIONS; i++) {
            String province = provinces[r.nextInt(provinces.length)];
            LocalDate birth = LocalDate.now().minusYears(18 + r.nextInt(47)).minusDays(r.nextInt(365));
            Timestamp created = Timestamp.from(now.minusSeconds(r.nextInt(365 * 24 * 3600)));
            batch.add(new Object[] {
                "bench-" + (i % 5000),
                "bench" + (i % 5000),
                "张小明",
                province + "0***********1234",
                String.format("%064x", i),
                Date.valueOf(birth),
                province + "0",
                statuses[r.nextInt(statuses.length)].name(),
                r.nextInt(101),
                created,
                created
            });
            if (batch.size() == 2000) {
                insert(jdbc, batch);
                batch.clear();
            }
        }
        insert(jdbc, batch);
    }

    private static void insert(JdbcTemplate jdbc, List<Object[]> rows) {
        jdbc.batchUpdate(
                "INSERT INTO application (applicant_subject, applicant_username, legal_name, id_number_masked,"
                        + " id_number_hash, birth_date, region_code, status, risk_score, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows);
    }

    private static void write(Duration seeding, String table) throws IOException {
        Path file = Path.of("..", "docs", "benchmarks.md");
        String section = "## Review queue at " + String.format("%,d", APPLICATIONS) + " applications\n\n"
                + "Measured " + LocalDate.now()
                + " on this machine (2 cores), MariaDB from Debian as a private instance, "
                + "`infra/shanfu bench`. Each query is the staff queue's: one page of 50 rows, sorted, plus the total "
                + "count for the filter; " + RUNS + " runs after 3 warm-up runs. Seeding took " + seeding.toSeconds()
                + " s.\n\n"
                + table + "\n";
        String existing = Files.exists(file)
                ? Files.readString(file)
                : "# Benchmarks\n\nFigures printed and written by the benchmarks themselves.\n\n";
        int at = existing.indexOf("## Review queue at");
        if (at >= 0) {
            int end = existing.indexOf("\n## ", at + 1);
            existing = existing.substring(0, at) + (end < 0 ? "" : existing.substring(end + 1));
        }
        Files.writeString(file, existing.stripTrailing() + "\n\n" + section);
        System.out.println("written to " + file.toAbsolutePath().normalize());
    }
}
