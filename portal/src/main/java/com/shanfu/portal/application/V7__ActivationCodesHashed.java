package com.shanfu.portal.application;

import com.shanfu.portal.privacy.Pii;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * Schema version 7, in Java because it needs the PII hash key: activation codes are kept only as keyed hashes (the
 * stored ones are hashed, then the column goes), and an SMS that carries a code keeps its text encrypted until it is
 * sent; the codes in messages already sent are blanked out. Spring Boot hands this bean to Flyway.
 */
@Component
class V7__ActivationCodesHashed extends BaseJavaMigration {

    /** A one-time code as the portal's messages word it (activation: 8 digits; phone proof: 6). */
    static final Pattern CODE_IN_TEXT = Pattern.compile("(激活码[：:]\\s*|验证码是\\s*|[Cc]ode(?: is|:)\\s*)(\\d{6,8})");

    private final Pii pii;

    V7__ActivationCodesHashed(Pii pii) {
        this.pii = pii;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE shipment ADD COLUMN activation_code_hash VARCHAR(64) NULL AFTER tid");
            st.execute("ALTER TABLE outbox_message ADD COLUMN secret_enc TEXT NULL AFTER body");
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, serial, activation_code FROM shipment");
                PreparedStatement up =
                        c.prepareStatement("UPDATE shipment SET activation_code_hash = ? WHERE id = ?")) {
            while (rs.next()) {
                up.setString(
                        1,
                        Shipment.IssuedCode.of(rs.getString(2), rs.getString(3), pii)
                                .hash());
                up.setLong(2, rs.getLong(1));
                up.executeUpdate();
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE shipment MODIFY activation_code_hash VARCHAR(64) NOT NULL");
            st.execute("ALTER TABLE shipment DROP COLUMN activation_code");
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, body FROM outbox_message");
                PreparedStatement up = c.prepareStatement("UPDATE outbox_message SET body = ? WHERE id = ?")) {
            while (rs.next()) {
                String body = rs.getString(2);
                String blanked = blankCodes(body);
                if (!blanked.equals(body)) {
                    up.setString(1, blanked);
                    up.setLong(2, rs.getLong(1));
                    up.executeUpdate();
                }
            }
        }
    }

    static String blankCodes(String text) {
        Matcher m = CODE_IN_TEXT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(
                    out,
                    Matcher.quoteReplacement(m.group(1) + "•".repeat(m.group(2).length())));
        }
        return m.appendTail(out).toString();
    }
}
