package com.shanfu.portal.risk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shanfu.portal.audit.Audit;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.expression.MapAccessor;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Risk rules as versioned data. Conditions are Spring expressions evaluated in a read-only context over a map of
 * facts (no types, no beans, no method calls on the outside world). An application is judged by the version that was
 * in force when it was submitted, so a rule edit applies to new applications only.
 */
@Service
public class RiskRules {

    /** The facts a condition may name, with an example value each (also what a new rule is tried against). */
    public static final Map<String, Object> EXAMPLE_FACTS = exampleFacts();

    public record Version(int version, List<RiskRule> rules, String note, String createdBy, Instant createdAt) {}

    /** The outcome for one application: total score, the decision, the rules that matched, the rejection reason. */
    public record Outcome(
            int version, int score, RiskRule.Decision decision, List<String> matched, String reason, String reasonEn) {}

    /** A rule set that cannot be published, with the message for the admin. */
    public static class InvalidRules extends RuntimeException {
        public InvalidRules(String message) {
            super(message);
        }
    }

    private static final SpelExpressionParser PARSER = new SpelExpressionParser();

    private final RuleSetRepository versions;
    private final Audit audit;
    private final ObjectMapper json;
    private final Clock clock;

    RiskRules(RuleSetRepository versions, Audit audit, ObjectMapper json, Clock clock) {
        this.versions = versions;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Version current() {
        return toVersion(versions.findFirstByOrderByVersionDesc()
                .orElseThrow(() -> new IllegalStateException("no risk rules: migration V3 seeds version 1")));
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('staff', 'admin')")
    public List<Version> history() {
        return versions.findAllByOrderByVersionDesc().stream()
                .map(this::toVersion)
                .toList();
    }

    /** Publishes the rules as the next version, after checking every rule; audited with the rules before and after. */
    @Transactional
    @PreAuthorize("hasRole('admin')")
    public Version publish(List<RiskRule> rules, String note, String admin) {
        validate(rules);
        if (note == null || note.isBlank() || note.strip().length() > 200) {
            throw new InvalidRules("请说明这次修改的原因（最多 200 字） / Say why the rules change (at most 200 characters)");
        }
        Version before = current();
        RuleSet next =
                versions.save(new RuleSet(before.version() + 1, write(rules), note.strip(), admin, clock.instant()));
        audit.record(
                admin,
                "RULES_PUBLISHED",
                "risk_rules",
                next.version(),
                Map.of("version", before.version(), "rules", before.rules()),
                Map.of("version", next.version(), "note", next.note(), "rules", rules));
        return toVersion(next);
    }

    /** Judges the facts with the rules of the given version. */
    @Transactional(readOnly = true)
    public Outcome evaluate(int version, Map<String, Object> facts) {
        Version v = toVersion(versions.findById(version)
                .orElseThrow(() -> new IllegalStateException("risk rule version " + version + " does not exist")));
        int score = 0;
        List<String> matched = new ArrayList<>();
        RiskRule strongest = null;
        for (RiskRule r : v.rules()) {
            if (holds(r, facts)) {
                score += r.score();
                matched.add(r.name());
                if (r.decision() != RiskRule.Decision.NONE
                        && (strongest == null
                                || r.decision().ordinal() < strongest.decision().ordinal())) {
                    strongest = r;
                }
            }
        }
        RiskRule.Decision decision = strongest == null ? RiskRule.Decision.MANUAL_REVIEW : strongest.decision();
        return new Outcome(
                version,
                score,
                decision,
                matched,
                strongest == null ? null : strongest.reason(),
                strongest == null ? null : strongest.reasonEn());
    }

    /** Checks names, conditions (they must parse and give true or false on the example facts) and reasons. */
    public static void validate(List<RiskRule> rules) {
        if (rules == null || rules.isEmpty()) {
            throw new InvalidRules("至少需要一条规则 / At least one rule is needed");
        }
        Set<String> names = new HashSet<>();
        for (RiskRule r : rules) {
            String name = r.name() == null ? "" : r.name().strip();
            if (!name.matches("[a-z0-9][a-z0-9-]{1,39}")) {
                throw new InvalidRules("规则名只能包含小写字母、数字和连字符（2–40 个字符）：" + name
                        + " / A rule name has 2-40 lower-case letters, digits and hyphens: " + name);
            }
            if (!names.add(name)) {
                throw new InvalidRules("规则名重复：" + name + " / Duplicate rule name: " + name);
            }
            if (r.decision() == null) {
                throw new InvalidRules("规则 " + name + " 缺少决定 / Rule " + name + " has no decision");
            }
            if (r.score() < -100 || r.score() > 100) {
                throw new InvalidRules("规则 " + name + " 的分值须在 -100 到 100 之间 / Rule " + name
                        + ": the score must be between -100 and 100");
            }
            if (r.decision() == RiskRule.Decision.AUTO_REJECT
                    && (r.reason() == null
                            || r.reason().isBlank()
                            || r.reasonEn() == null
                            || r.reasonEn().isBlank())) {
                throw new InvalidRules("自动拒绝的规则 " + name + " 需要中英文拒绝原因 / Rule " + name
                        + " rejects: it needs the reason in Chinese and English");
            }
            try {
                Object result = compile(r.condition()).getValue(context(), EXAMPLE_FACTS);
                if (!(result instanceof Boolean)) {
                    throw new InvalidRules(
                            "规则 " + name + " 的条件不是真假判断 / The condition of rule " + name + " is not true-or-false");
                }
            } catch (ParseException | EvaluationException e) {
                throw new InvalidRules("规则 " + name + " 的条件无法计算 / The condition of rule " + name
                        + " cannot be evaluated: " + e.getMessage());
            }
        }
    }

    private static boolean holds(RiskRule r, Map<String, Object> facts) {
        try {
            return Boolean.TRUE.equals(compile(r.condition()).getValue(context(), facts));
        } catch (EvaluationException e) {
            throw new IllegalStateException("rule " + r.name() + " failed on an application: " + e.getMessage(), e);
        }
    }

    private static Expression compile(String condition) {
        if (condition == null || condition.isBlank() || condition.length() > 500) {
            throw new InvalidRules("条件不能为空，最多 500 个字符 / A condition is required, at most 500 characters");
        }
        return PARSER.parseExpression(condition);
    }

    private static EvaluationContext context() {
        return SimpleEvaluationContext.forPropertyAccessors(new MapAccessor()).build();
    }

    private Version toVersion(RuleSet s) {
        try {
            return new Version(
                    s.version(),
                    json.readValue(s.rulesJson(), new TypeReference<List<RiskRule>>() {}),
                    s.note(),
                    s.createdBy(),
                    s.createdAt());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("risk rule version " + s.version() + " is not readable", e);
        }
    }

    private String write(List<RiskRule> rules) {
        try {
            return json.writeValueAsString(rules);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> exampleFacts() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("age", 30);
        f.put("province", "31");
        f.put("mcc", "5411");
        f.put("city", "上海");
        f.put("fourElements", "CONSISTENT");
        f.put("settlementCardType", "DEBIT");
        f.put("creditStanding", "SKIPPED");
        f.put("hasCreditCard", false);
        f.put("samePhoneApplications", 1);
        f.put("sameIdApplications", 0);
        f.put("preferredModel", "");
        f.put("blocklisted", false);
        return java.util.Collections.unmodifiableMap(f);
    }
}
