package com.shanfu.portal.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.portal.TestStack;
import com.shanfu.portal.privacy.Pii;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Schema version 7 on a real MariaDB holding version 6 data: a stored activation code becomes its keyed hash and the
 * column goes; the codes in SMS already sent are blanked, and other numbers in messages are left alone.
 */
class ActivationCodesMigrationIT {

    @Test
    void storedCodesBecomeHashesAndSentCodesAreBlanked() throws Exception {
        String db = "portal_v7_" + UUID.randomUUID().toString().substring(0, 8);
        DriverManagerDataSource ds = new DriverManagerDataSource(
                "jdbc:mysql://" + TestStack.env("SHANFU_TEST_DB_HOST")
                        + ":" + TestStack.env("SHANFU_TEST_DB_PORT") + "/" + db
                        + "?createDatabaseIfNotExist=true&useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=utf8",
                "shanfu",
                "shanfu");
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .target("6")
                .load()
                .migrate();
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            st.execute("SET FOREIGN_KEY_CHECKS = 0");
            st.execute(
                    "INSERT INTO shipment (id, application_id, serial, model, tid, activation_code, activation_expires_at,"
                            + " shipped_by, shipped_at) VALUES (1, 1, 'SF10000001', 'SF-P2', '10000001', '12345678',"
                            + " NOW(3), 'staff1', NOW(3))");
            for (String body : List.of(
                    "【闪付】您的终端 SF10000001 新激活码：12345678，请勿告诉他人。",
                    "【闪付】您的验证码是 654321，5 分钟内有效。请勿告诉他人。",
                    "[Shanfu] Your code is 246810, valid for 5 minutes. Do not share it.",
                    "【闪付】您的 POS 申请（编号 123456）状态：已提交。")) {
                st.execute("INSERT INTO outbox_message (channel, body, status, created_at) VALUES ('SMS', '" + body
                        + "', 'SENT', NOW(3))");
            }
        }
        Pii pii = new Pii(Path.of("target", "test-keys", db + "-pii.key").toAbsolutePath());
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .javaMigrations(new V7__ActivationCodesHashed(pii))
                .load()
                .migrate();

        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT activation_code_hash FROM shipment WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1))
                        .isEqualTo(pii.hash("activation-code:SF10000001:12345678"))
                        .doesNotContain("12345678");
            }
            try (ResultSet rs = c.getMetaData().getColumns(db, null, "shipment", "activation_code")) {
                assertThat(rs.next()).as("the clear code column is gone").isFalse();
            }
            List<String> bodies = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT body FROM outbox_message ORDER BY id")) {
                while (rs.next()) {
                    bodies.add(rs.getString(1));
                }
            }
            assertThat(bodies)
                    .containsExactly(
                            "【闪付】您的终端 SF10000001 新激活码：••••••••，请勿告诉他人。",
                            "【闪付】您的验证码是 ••••••，5 分钟内有效。请勿告诉他人。",
                            "[Shanfu] Your code is ••••••, valid for 5 minutes. Do not share it.",
                            "【闪付】您的 POS 申请（编号 123456）状态：已提交。");
            st.execute("DROP DATABASE " + db);
        }
    }
}
