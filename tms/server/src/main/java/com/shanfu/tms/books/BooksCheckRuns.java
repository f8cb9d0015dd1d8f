package com.shanfu.tms.books;

import com.shanfu.tms.contract.BooksRun;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the books check on a schedule ({@code shanfu.books.check-every}, hourly by default) and on request, and keeps
 * each run's report: the admin sees the latest ones ({@code GET /api/v1/books/checks}); a run that finds differences
 * is logged as an error, with each difference.
 */
@Component
public class BooksCheckRuns {

    private static final Logger log = LoggerFactory.getLogger(BooksCheckRuns.class);

    private final BooksCheck check;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    BooksCheckRuns(BooksCheck check, JdbcTemplate jdbc, Clock clock) {
        this.check = check;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Scheduled(
            initialDelayString = "${shanfu.books.first-check-after:PT5M}",
            fixedDelayString = "${shanfu.books.check-every:PT1H}")
    @SchedulerLock(name = "books-check", lockAtMostFor = "PT30M")
    void scheduled() {
        try {
            runAndRecord("schedule");
        } catch (RuntimeException e) {
            log.error("the scheduled books check could not run", e);
        }
    }

    /** Runs the check now and keeps its report. */
    public BooksCheck.Report runAndRecord(String triggeredBy) {
        BooksCheck.Report r = check.run();
        jdbc.update(
                "insert into books_check_run (started_at, finished_at, triggered_by, checks, differences, report)"
                        + " values (?,?,?,?,?,?)",
                Timestamp.from(r.startedAt()),
                Timestamp.from(clock.instant()),
                triggeredBy,
                r.checks().size(),
                r.differences().size(),
                r.text());
        if (r.balanced()) {
            log.info(
                    "books check ({}): {} checks, books balance",
                    triggeredBy,
                    r.checks().size());
        } else {
            log.error(
                    "books check ({}) found {} differences:\n{}",
                    triggeredBy,
                    r.differences().size(),
                    r.text());
        }
        return r;
    }

    public List<BooksRun> latest(int limit) {
        return jdbc.query(
                "select id, started_at, finished_at, triggered_by, checks, differences, report"
                        + " from books_check_run order by id desc limit ?",
                (rs, n) -> new BooksRun(
                        rs.getLong(1),
                        rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3).toInstant(),
                        rs.getString(4),
                        rs.getInt(5),
                        rs.getInt(6),
                        rs.getString(7)),
                Math.max(1, Math.min(limit, 100)));
    }
}
