package com.shanfu.portal.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.portal.TestStack;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
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

/**
 * The portal's scheduled jobs run once per cluster: each takes its row in the {@code shedlock} table first, and skips
 * its run while another instance holds it. On a real MariaDB; the jobs' own schedules are set an hour apart so that
 * only the test runs them.
 */
@SpringBootTest(
        properties = {
            "shanfu.tms.url=http://127.0.0.1:9",
            "shanfu.notifications.relay-interval=3600000",
            "shanfu.activation.watch-interval=3600000",
            "shanfu.identity.poll-interval=3600000",
            "shanfu.merchant.watch-interval=3600000"
        })
class ClusterJobsIT {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.register(registry, "portal_jobs");
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    OutboxRelay relay;

    record Job(Object bean, Method method, String lock) {}

    /** Every scheduled method of the portal, through its bean (the proxy), with the name of its cluster lock. */
    private List<Job> jobs() {
        List<Job> found = new ArrayList<>();
        for (String name : context.getBeanDefinitionNames()) {
            Object bean = context.getBean(name);
            Class<?> type = AopUtils.getTargetClass(bean);
            if (!type.getPackageName().startsWith("com.shanfu.portal")) {
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
    void every_scheduled_job_takes_its_cluster_lock_when_it_runs() throws Exception {
        assertThat(jobs().stream()
                        .filter(j -> j.lock() == null)
                        .map(j -> j.method().getDeclaringClass().getSimpleName() + "."
                                + j.method().getName()))
                .as("scheduled jobs without a cluster lock: only the gauges' counts, which each instance makes")
                .containsExactly("PortalGauges.count");
        List<Job> jobs = jobs().stream().filter(j -> j.lock() != null).toList();
        assertThat(jobs).extracting(Job::lock).doesNotHaveDuplicates();
        assertThat(jobs)
                .extracting(Job::lock)
                .contains("outbox-relay", "activation-watch", "identity-checks", "merchant-watch");
        for (Job job : jobs) {
            lock(job.lock(), "a-finished-run", false); // free, last taken by a run that finished
            Method m = org.springframework.util.ReflectionUtils.findMethod(
                    job.bean().getClass(), job.method().getName());
            org.springframework.util.ReflectionUtils.makeAccessible(m);
            m.invoke(job.bean()); // through the proxy, as the scheduler calls it
            assertThat(jdbc.queryForObject("select locked_by from shedlock where name = ?", String.class, job.lock()))
                    .as("the run of %s took its lock %s", job.method(), job.lock())
                    .isNotEqualTo("a-finished-run");
        }
    }

    @Test
    void the_outbox_is_relayed_by_one_instance_at_a_time() {
        jdbc.update("insert into outbox_message (channel, recipient_enc, body, status, created_at)"
                + " values ('SMS', null, '测试', 'PENDING', now(3))");
        long id = jdbc.queryForObject("select max(id) from outbox_message", Long.class);
        lock("outbox-relay", "another-instance", true);

        relay.relay();
        assertThat(status(id))
                .as("another instance holds the relay: this one skips")
                .isEqualTo("PENDING");

        jdbc.update("update shedlock set lock_until = now(3) where name = 'outbox-relay'"); // that instance finished
        relay.relay();
        assertThat(status(id))
                .as("the lock free again: this instance relays (a message without a recipient is given up)")
                .isEqualTo("FAILED");
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

    private String status(long id) {
        return jdbc.queryForObject("select status from outbox_message where id = ?", String.class, id);
    }
}
