package com.shanfu.tms;

import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Scheduled jobs run once per cluster, not once per instance: a job marked {@code @SchedulerLock} first takes its
 * row in the {@code shedlock} table (the database's clock, so instances' clocks may differ); an instance that finds
 * the row taken skips that run. A job that must run on every instance (it serves that instance's own connections)
 * has no lock and says so. docs/operations.md, "Scheduled jobs".
 */
@Configuration
@EnableSchedulerLock(defaultLockAtMostFor = "PT10M")
class ClusterJobs {

    @Bean
    LockProvider lockProvider(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime()
                .build());
    }
}
