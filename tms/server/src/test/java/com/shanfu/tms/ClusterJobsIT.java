package com.shanfu.tms;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.ReflectionUtils;

/**
 * The TMS's scheduled jobs run once per cluster (each takes its row in {@code shedlock} first and skips its run while
 * another instance holds it), except the push watcher, which wakes this instance's own long polls, and the gauges'
 * counts, which each instance makes for its own metrics: they run on every instance. On a real MariaDB; the jobs' own schedules are pushed an hour away so that only the test runs them.
 */
@SpringBootTest(
        properties = {
            "shanfu.iso.port=0",
            "shanfu.books.first-check-after=PT1H",
            "shanfu.refunds.sweep-every=PT1H",
            "shanfu.push.watch-millis=3600000"
        })
class ClusterJobsIT {

    /** Jobs that serve the instance they run on: they must run on each. */
    static final Set<String> PER_INSTANCE = Set.of("PushWatcher.look", "TmsGauges.count");

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        TestStack.register(registry, "tms_jobs");
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcTemplate jdbc;

    record Job(Object bean, Method method, String lock) {
        String name() {
            return method.getDeclaringClass().getSimpleName() + "." + method.getName();
        }
    }

    private List<Job> jobs() {
        List<Job> found = new ArrayList<>();
        for (String name : context.getBeanDefinitionNames()) {
            Object bean = context.getBean(name);
            Class<?> type = AopUtils.getTargetClass(bean);
            if (!type.getPackageName().startsWith("com.shanfu.tms")) {
                continue;
            }
            for (Method m : type.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Scheduled.class)) {
                    SchedulerLock lock = m.getAnnotation(SchedulerLock.class);
                    found.add(new Job(bean, m, lock == null ? null : lock.name()));
                }
            }
        }
        return found;
    }

    @Test
    void every_scheduled_job_but_the_per_instance_ones_takes_its_cluster_lock() throws Exception {
        List<Job> jobs = jobs();
        assertThat(jobs.stream().filter(j -> j.lock() == null).map(Job::name))
                .as("scheduled jobs without a cluster lock")
                .containsExactlyInAnyOrderElementsOf(PER_INSTANCE);
        List<Job> locked = jobs.stream().filter(j -> j.lock() != null).toList();
        assertThat(locked).extracting(Job::lock).contains("books-check", "refund-expiry");
        for (Job job : locked) {
            lock(job.lock(), "a-finished-run", false); // free, last taken by a run that finished
            Method m = ReflectionUtils.findMethod(
                    job.bean().getClass(), job.method().getName());
            ReflectionUtils.makeAccessible(m);
            m.invoke(job.bean()); // through the proxy, as the scheduler calls it
            assertThat(jdbc.queryForObject("select locked_by from shedlock where name = ?", String.class, job.lock()))
                    .as("the run of %s took its lock %s", job.method(), job.lock())
                    .isNotEqualTo("a-finished-run");
        }
    }

    @Test
    void the_books_check_runs_on_one_instance_at_a_time() throws Exception {
        Job check = jobs().stream()
                .filter(j -> "books-check".equals(j.lock()))
                .findFirst()
                .orElseThrow();
        Method m = ReflectionUtils.findMethod(
                check.bean().getClass(), check.method().getName());
        ReflectionUtils.makeAccessible(m);
        lock("books-check", "another-instance", true);
        int before = runs();

        m.invoke(check.bean());
        assertThat(runs())
                .as("another instance holds the check: this one skips")
                .isEqualTo(before);

        jdbc.update("update shedlock set lock_until = now(3) where name = 'books-check'"); // that instance finished
        m.invoke(check.bean());
        assertThat(runs()).as("the lock free again: this instance checks").isEqualTo(before + 1);
    }

    /**
     * The job's row as another instance left it: held for the next hour, or free. (Rows are never deleted: ShedLock
     * remembers which rows exist and updates them.)
     */
    private void lock(String name, String by, boolean held) {
        jdbc.update(
                "insert into shedlock (name, lock_until, locked_at, locked_by) values (?, now(3) + interval ? second,"
                        + " now(3), ?) on duplicate key update lock_until = values(lock_until), locked_by = values(locked_by)",
                name,
                held ? 3600 : -1,
                by);
    }

    private int runs() {
        return jdbc.queryForObject("select count(*) from books_check_run", Integer.class);
    }
}
