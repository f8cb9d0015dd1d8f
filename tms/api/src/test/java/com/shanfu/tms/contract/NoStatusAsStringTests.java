package com.shanfu.tms.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Statuses and kinds are the contract's enums everywhere: no source file of the project (main or test, any module)
 * compares one as a string, e.g. {@code "APPROVED".equals(t.status())}, which compiles and is silently false once
 * the value is an enum.
 */
class NoStatusAsStringTests {

    /** The issuer simulator's card accounts have a status of their own (a card is ACTIVE or blocked). */
    private static final Set<String> OWN_STATUS = Set.of(
            "Cardholder.java", "IssuerAccount.java", "NoStatusAsStringTests.java"); // and this test's own examples

    private static final List<Class<? extends Enum<?>>> ENUMS = List.of(
            DeviceStatus.class,
            TxnKind.class,
            TxnStatus.class,
            BatchStatus.class,
            PayoutStatus.class,
            RefundStatus.class,
            DifferenceKind.class,
            TaskKind.class,
            TaskState.class,
            Scope.class,
            SettlementCycle.class);

    @Test
    void no_source_compares_a_contract_value_as_a_string() throws IOException {
        String names = ENUMS.stream()
                .flatMap(e -> Stream.of(e.getEnumConstants()))
                .map(Enum::name)
                .distinct()
                .collect(Collectors.joining("|"));
        Pattern compared = comparison(names);
        Path root = Path.of("").toAbsolutePath().getParent().getParent(); // tms/api → the project
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".java")
                            && p.toString().contains("/src/")
                            && !p.toString().contains("/target/")
                            && !OWN_STATUS.contains(p.getFileName().toString()))
                    .forEach(p -> {
                        try {
                            List<String> lines = Files.readAllLines(p);
                            for (int i = 0; i < lines.size(); i++) {
                                String line = lines.get(i).strip();
                                boolean comment =
                                        line.startsWith("*") || line.startsWith("//") || line.startsWith("/*");
                                Matcher m = compared.matcher(line);
                                if (!comment && m.find()) {
                                    found.add(root.relativize(p) + ":" + (i + 1) + ": " + line);
                                }
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
        assertThat(found).as("compare the contract's enums, not their names").isEmpty();
    }

    /**
     * A name compared with what an accessor returns ({@code "PAID".equals(p.status())}, {@code p.status().equals("PAID")}).
     * Raw JSON read in a test ({@code asText()}) is the wire format itself and may be compared as text.
     */
    private static Pattern comparison(String names) {
        return Pattern.compile("\"(" + names + ")\"\\s*\\.equals\\(\\s*(?:[\\w.]|\\(\\))*?\\w(?<!asText)\\(\\)\\s*\\)"
                + "|\\w\\(\\)\\.equals\\(\\s*\"(" + names + ")\"\\s*\\)"
                // an enum's name against what an accessor returns: {@code kind.name().equals(t.kind())}
                + "|\\.name\\(\\)\\.equals\\(\\s*(?:[\\w.]|\\(\\))*?\\.(kind|status|type|result)\\(\\)\\s*\\)");
    }

    @Test
    void the_scan_refuses_the_old_way_and_passes_the_new_way() {
        Pattern compared = comparison("APPROVED|PAID");
        assertThat(compared.matcher("if (\"APPROVED\".equals(t.status())) {").find())
                .isTrue();
        assertThat(compared.matcher("if (!\"PAID\".equals(p.payout().status())) {")
                        .find())
                .isTrue();
        assertThat(compared.matcher("if (p.status().equals(\"PAID\")) {").find())
                .isTrue();
        assertThat(compared.matcher("if (kind.name().equals(earlier.get().kind())) {")
                        .find())
                .isTrue();
        assertThat(compared.matcher("if (t.status() == TxnStatus.APPROVED) {").find())
                .isFalse();
        assertThat(compared.matcher("if (\"APPROVED\".equals(t.get(\"status\").asText())) {")
                        .find())
                .isFalse();
    }
}
