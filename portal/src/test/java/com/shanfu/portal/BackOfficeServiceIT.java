package com.shanfu.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shanfu.portal.audit.Audit;
import com.shanfu.portal.risk.RiskRule;
import com.shanfu.portal.risk.RiskRules;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/** Roles on every guarded service method, versioned risk rules, and the append-only audit log, on a real MariaDB. */
@SpringBootTest(properties = "shanfu.tms.url=http://127.0.0.1:9")
class BackOfficeServiceIT {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.register(registry, "portal_office");
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    RiskRules rules;

    @Autowired
    Audit audit;

    @Autowired
    DataSource dataSource;

    @Autowired
    TransactionTemplate tx;

    /** Every public method guarded for staff or admin, on every bean of the portal. */
    private List<Object[]> guarded(String role) {
        List<Object[]> found = new ArrayList<>();
        for (String name : context.getBeanDefinitionNames()) {
            Object bean = context.getBean(name);
            Class<?> type = AopUtils.getTargetClass(bean);
            if (!type.getPackageName().startsWith("com.shanfu.portal")) {
                continue;
            }
            for (Method m : type.getDeclaredMethods()) {
                PreAuthorize p = m.getAnnotation(PreAuthorize.class);
                if (p != null
                        && Modifier.isPublic(m.getModifiers())
                        && p.value().contains("'" + role + "'")
                        && !p.value().contains("applicant")) {
                    found.add(new Object[] {bean, m});
                }
            }
        }
        return found;
    }

    private static Object[] defaults(Method m) {
        Object[] args = new Object[m.getParameterCount()];
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            args[i] =
                    types[i] == long.class ? 1L : types[i] == int.class ? 1 : types[i] == boolean.class ? false : null;
        }
        return args;
    }

    private static Throwable call(Object bean, Method m) {
        try {
            bean.getClass().getMethod(m.getName(), m.getParameterTypes()).invoke(bean, defaults(m));
            return null;
        } catch (java.lang.reflect.InvocationTargetException e) {
            return e.getCause();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @WithMockUser(roles = {"applicant", "merchant"})
    void applicants_and_merchants_are_refused_by_every_staff_and_admin_service() {
        List<Object[]> staff = guarded("staff");
        List<Object[]> admin = guarded("admin");
        assertThat(staff).hasSizeGreaterThan(10);
        assertThat(admin).isNotEmpty();
        for (Object[] target : staff) {
            assertThat(call(target[0], (Method) target[1]))
                    .as(((Method) target[1]).toString())
                    .isInstanceOf(AccessDeniedException.class);
        }
        for (Object[] target : admin) {
            assertThat(call(target[0], (Method) target[1]))
                    .as(((Method) target[1]).toString())
                    .isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    @WithMockUser(roles = "cashier")
    void cashiers_are_refused_by_every_owner_only_merchant_service() {
        List<Object[]> ownerOnly = guarded("merchant").stream()
                .filter(t -> !((Method) t[1])
                        .getAnnotation(PreAuthorize.class)
                        .value()
                        .contains("'cashier'"))
                .toList();
        assertThat(ownerOnly)
                .extracting(t -> ((Method) t[1]).getName())
                .contains(
                        "refund",
                        "open",
                        "answer",
                        "addEvidence",
                        "contact",
                        "preferences",
                        "addCashier",
                        "resendActivationCode");
        for (Object[] target : ownerOnly) {
            assertThat(call(target[0], (Method) target[1]))
                    .as(((Method) target[1]).toString())
                    .isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    @WithMockUser(roles = {"staff", "admin"})
    void staff_are_refused_by_every_merchant_service() {
        List<Object[]> merchant = guarded("merchant");
        assertThat(merchant).hasSizeGreaterThan(15);
        for (Object[] target : merchant) {
            assertThat(call(target[0], (Method) target[1]))
                    .as(((Method) target[1]).toString())
                    .isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    @WithMockUser(roles = "staff")
    void staff_are_refused_by_the_admin_services() {
        for (Object[] target : guarded("admin")) {
            Method m = (Method) target[1];
            if (!m.getAnnotation(PreAuthorize.class).value().contains("staff")) {
                assertThat(call(target[0], m)).as(m.toString()).isInstanceOf(AccessDeniedException.class);
            }
        }
    }

    private static Map<String, Object> facts(String mcc) {
        Map<String, Object> f = new HashMap<>(RiskRules.EXAMPLE_FACTS);
        f.put("mcc", mcc);
        return f;
    }

    @Test
    @WithMockUser(
            username = "admin",
            roles = {"admin", "staff"})
    void a_published_rule_applies_to_its_version_only_and_is_audited() {
        RiskRules.Version before = rules.current();
        assertThat(rules.evaluate(before.version(), facts("5992")).decision())
                .isEqualTo(RiskRule.Decision.MANUAL_REVIEW);
        List<RiskRule> next = new ArrayList<>(before.rules());
        next.add(new RiskRule(
                "no-florists",
                "mcc == '5992'",
                100,
                RiskRule.Decision.AUTO_REJECT,
                "暂不受理花店",
                "Florists are not accepted yet"));
        RiskRules.Version published = rules.publish(next, "florists paused", "admin");

        assertThat(published.version()).isEqualTo(before.version() + 1);
        RiskRules.Outcome underNew = rules.evaluate(published.version(), facts("5992"));
        assertThat(underNew.decision()).isEqualTo(RiskRule.Decision.AUTO_REJECT);
        assertThat(underNew.reason()).isEqualTo("暂不受理花店");
        assertThat(rules.evaluate(before.version(), facts("5992")).decision())
                .as("an application submitted under the old version is judged by it")
                .isEqualTo(RiskRule.Decision.MANUAL_REVIEW);
        assertThat(rules.evaluate(published.version(), facts("5411")).decision())
                .isEqualTo(RiskRule.Decision.MANUAL_REVIEW);
        assertThat(audit.of("risk_rules", published.version())).singleElement().satisfies(e -> {
            assertThat(e.getAction()).isEqualTo("RULES_PUBLISHED");
            assertThat(e.getAfterJson()).contains("no-florists");
            assertThat(e.getBeforeJson()).doesNotContain("no-florists");
        });
    }

    @Test
    @WithMockUser(username = "admin", roles = "admin")
    void a_rule_that_cannot_be_evaluated_or_lacks_a_reason_is_refused_and_nothing_is_published() {
        int version = rules.current().version();
        assertThatThrownBy(() -> rules.publish(
                        List.of(new RiskRule("broken", "mcc ==", 10, RiskRule.Decision.NONE, "", "")), "x", "admin"))
                .isInstanceOf(RiskRules.InvalidRules.class)
                .hasMessageContaining("broken");
        assertThatThrownBy(() -> rules.publish(
                        List.of(new RiskRule("unknown-fact", "shoeSize > 3", 10, RiskRule.Decision.NONE, "", "")),
                        "x",
                        "admin"))
                .isInstanceOf(RiskRules.InvalidRules.class);
        assertThatThrownBy(() -> rules.publish(
                        List.of(new RiskRule("no-reason", "age < 20", 10, RiskRule.Decision.AUTO_REJECT, "", "")),
                        "x",
                        "admin"))
                .isInstanceOf(RiskRules.InvalidRules.class);
        assertThatThrownBy(() -> rules.publish(
                        List.of(new RiskRule("not-boolean", "age + 1", 10, RiskRule.Decision.NONE, "", "")),
                        "x",
                        "admin"))
                .isInstanceOf(RiskRules.InvalidRules.class);
        assertThatThrownBy(() -> rules.publish(
                        List.of(new RiskRule(
                                "calls-out",
                                "T(java.lang.System).exit(1) == null",
                                10,
                                RiskRule.Decision.NONE,
                                "",
                                "")),
                        "x",
                        "admin"))
                .isInstanceOf(RiskRules.InvalidRules.class);
        assertThat(rules.current().version()).isEqualTo(version);
    }

    @Test
    void the_audit_log_refuses_updates_and_deletes_even_from_the_portal_itself() {
        tx.executeWithoutResult(s -> audit.record("tester", "TEST", "test", 1, null, Map.of("a", 1)));
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThatThrownBy(() -> jdbc.update("UPDATE audit_entry SET actor = 'someone else'"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_entry")).hasMessageContaining("append-only");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_entry WHERE actor = 'tester'", Integer.class))
                .isEqualTo(1);
    }
}
