package com.shanfu.e2e;

import com.shanfu.protocol.crypto.PinBlock;
import com.shanfu.terminal.card.CardCatalog;
import com.shanfu.terminal.card.CardProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The card data scan at the end of {@code infra/shanfu test}: every log and test output file the suite left, and
 * every text or binary column of every table of every database on the test server, searched for what must never be
 * kept in clear — a full card number of any card the suite used (as digits, as BCD bytes, in a hex dump: a track
 * 2 equivalent contains it), a clear ISO 9564 PIN block of the PINs the suite typed, and clear key material (the demo
 * issuer master keys, the LMK components the suite made). Prints every finding with where it is; exits 1 on any.
 *
 * <pre>java -cp infra/target/classes:infra/target/lib/* com.shanfu.e2e.CardDataScan \
 *     --db jdbc:mysql://127.0.0.1:3317/ --user shanfu --password shanfu --files . [--keys target/test-keys]</pre>
 */
public final class CardDataScan {

    /** The cardholders of the identity simulator (the applicants' own debit and credit cards). */
    static final List<String> CARDHOLDER_PANS =
            List.of("6217000010012345677", "6228480402564890018", "6258091234567890127", "6214830000123456789");

    static final List<String> DEMO_ISSUER_KEYS = List.of(
            "0123456789ABCDEFFEDCBA9876543210", "89ABCDEF01234567FEDCBA9876543210", "FEDCBA98765432100123456789ABCDEF");
    static final List<String> PINS = List.of("123456", "000000", "8888", "1234");
    private static final Set<String> FILE_KINDS =
            Set.of(".log", ".txt", ".out", ".err", ".json", ".html", ".csv", ".http", ".tsv");

    /** One thing to look for: its name in the report, and its forms as text and as bytes. */
    record Needle(String what, List<String> texts, List<byte[]> bytes) {}

    record Finding(String where, String what) {}

    private final List<Needle> needles;
    long filesScanned;
    long valuesScanned;
    long tablesScanned;

    CardDataScan(List<Needle> needles) {
        this.needles = needles;
    }

    /** The needles for the cards, PINs and keys the suite used; {@code keyFiles}: LMK component files to find. */
    static List<Needle> needles(List<String> pans, List<String> keyHex) {
        List<Needle> out = new ArrayList<>();
        for (String pan : new LinkedHashSet<>(pans)) {
            String masked = pan.substring(0, 6) + "…" + pan.substring(pan.length() - 4);
            String bcd = pan.length() % 2 == 0 ? pan : pan + "F";
            out.add(new Needle(
                    "full PAN " + masked, List.of(pan), List.of(HexFormat.of().parseHex(bcd))));
            for (String pin : PINS) {
                try {
                    String block = HexFormat.of().withUpperCase().formatHex(PinBlock.format0(pin, pan));
                    out.add(new Needle(
                            "clear PIN block (" + masked + ")",
                            List.of(block, block.toLowerCase(Locale.ROOT)),
                            List.of(HexFormat.of().parseHex(block))));
                } catch (IllegalArgumentException ignored) {
                    // not a PAN a PIN block can be made for
                }
            }
        }
        for (String hex : new LinkedHashSet<>(keyHex)) {
            String upper = hex.toUpperCase(Locale.ROOT);
            out.add(new Needle(
                    "clear key " + upper.substring(0, 4) + "…",
                    List.of(upper, upper.toLowerCase(Locale.ROOT)),
                    List.of(HexFormat.of().parseHex(upper))));
        }
        return out;
    }

    /** What a piece of text or bytes shows. */
    List<Needle> search(String text, byte[] raw) {
        List<Needle> hits = new ArrayList<>();
        for (Needle n : needles) {
            boolean hit = false;
            if (text != null) {
                for (String t : n.texts()) {
                    hit |= text.contains(t);
                }
            }
            if (raw != null && !hit) {
                for (byte[] b : n.bytes()) {
                    hit |= indexOf(raw, b) >= 0;
                }
            }
            if (hit) {
                hits.add(n);
            }
        }
        return hits;
    }

    List<Finding> scanFiles(Path root, Set<Path> skip) throws IOException {
        List<Finding> findings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(p -> isScanned(p, skip))
                    .toList()) {
                filesScanned++;
                byte[] raw = Files.readAllBytes(f);
                String text = new String(raw, StandardCharsets.ISO_8859_1);
                for (Needle n : search(text, raw)) {
                    findings.add(new Finding(root.relativize(f) + lineOf(text, n), n.what()));
                }
            }
        }
        return findings;
    }

    private boolean isScanned(Path p, Set<Path> skip) {
        String s = p.toString();
        if (!s.contains("/target/") || skip.stream().anyMatch(p::startsWith)) {
            return false; // logs and test output live under target/; sources and docs hold demo data by design
        }
        if (s.contains("/test-keys/")
                || s.contains("component-")
                || s.contains("/tls/")
                || s.contains("/classes/")
                || s.contains("/test-classes/")
                || s.contains("/lib/")
                || s.contains("/maven-")) {
            return false; // key material on purpose (a custodian's component file), or build output
        }
        String name = p.getFileName().toString();
        return FILE_KINDS.stream().anyMatch(name::endsWith) || name.endsWith(".log.1");
    }

    /** ":line" of the first place the needle shows as text (empty when only its bytes matched). */
    private static String lineOf(String text, Needle n) {
        int at = n.texts().stream()
                .mapToInt(text::indexOf)
                .filter(i -> i >= 0)
                .min()
                .orElse(-1);
        if (at < 0) {
            return "";
        }
        return ":" + (1 + text.substring(0, at).chars().filter(c -> c == '\n').count());
    }

    List<Finding> scanDatabases(String url, String user, String password) throws Exception {
        List<Finding> findings = new ArrayList<>();
        String base = url.endsWith("/") ? url : url + "/";
        try (Connection c =
                DriverManager.getConnection(base + "?useSSL=false&allowPublicKeyRetrieval=true", user, password)) {
            Map<String, List<String>> columns = new LinkedHashMap<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "select table_schema, table_name, "
                                    + "column_name from information_schema.columns where table_schema not in "
                                    + "('mysql', 'information_schema', 'performance_schema', 'sys') and data_type in ('char', "
                                    + "'varchar', 'text', 'tinytext', 'mediumtext', 'longtext', 'json', 'blob', 'tinyblob', 'mediumblob', "
                                    + "'longblob', 'binary', 'varbinary') order by table_schema, table_name, ordinal_position")) {
                while (rs.next()) {
                    columns.computeIfAbsent(
                                    "`" + rs.getString(1) + "`.`" + rs.getString(2) + "`", k -> new ArrayList<>())
                            .add(rs.getString(3));
                }
            }
            for (var table : columns.entrySet()) {
                tablesScanned++;
                String select = "select "
                        + String.join(
                                ", ",
                                table.getValue().stream()
                                        .map(col -> "`" + col + "`")
                                        .toList()) + " from " + table.getKey();
                try (Statement s = c.createStatement()) {
                    s.setFetchSize(Integer.MIN_VALUE); // stream the rows
                    try (ResultSet rs = s.executeQuery(select)) {
                        long row = 0;
                        while (rs.next()) {
                            row++;
                            for (int i = 1; i <= table.getValue().size(); i++) {
                                byte[] raw = rs.getBytes(i);
                                if (raw == null) {
                                    continue;
                                }
                                valuesScanned++;
                                for (Needle n : search(new String(raw, StandardCharsets.ISO_8859_1), raw)) {
                                    findings.add(new Finding(
                                            table.getKey() + "."
                                                    + table.getValue().get(i - 1) + " row " + row,
                                            n.what()));
                                }
                            }
                        }
                    }
                }
            }
        }
        return findings;
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The clear component values of the LMK component files under a folder (so a leak of one is found). */
    static List<String> componentValues(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().contains("component-"))
                    .toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (line.startsWith("component=")) {
                        out.add(line.substring("component=".length()).trim());
                    }
                }
            }
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        List<Path> keyDirs = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--keys")) {
                keyDirs.add(Path.of(args[i + 1]));
            } else {
                o.put(args[i].substring(2), args[i + 1]);
            }
        }
        List<String> pans = new ArrayList<>(CARDHOLDER_PANS);
        CardCatalog.bundled().all().stream().map(CardProfile::pan).forEach(pans::add);
        List<String> keys = new ArrayList<>(DEMO_ISSUER_KEYS);
        for (Path d : keyDirs) {
            keys.addAll(componentValues(d));
        }
        CardDataScan scan = new CardDataScan(needles(pans, keys));
        List<Finding> findings = new ArrayList<>();
        if (o.containsKey("files")) {
            findings.addAll(
                    scan.scanFiles(Path.of(o.get("files")).toAbsolutePath().normalize(), Set.of()));
        }
        if (o.containsKey("db")) {
            findings.addAll(scan.scanDatabases(
                    o.get("db"), o.getOrDefault("user", "shanfu"), o.getOrDefault("password", "shanfu")));
        }
        System.out.println("card data scan: " + pans.size() + " card numbers, " + PINS.size() + " PINs, " + keys.size()
                + " keys looked for in " + scan.filesScanned + " files and " + scan.valuesScanned + " values of "
                + scan.tablesScanned + " tables");
        if (findings.isEmpty()) {
            System.out.println("NO CARD DATA FOUND: no full PAN, track data, clear PIN block or clear key in the logs, "
                    + "test output and databases");
            return;
        }
        findings.stream().limit(200).forEach(f -> System.out.println("  " + f.what() + "  in " + f.where()));
        System.out.println("CARD DATA FOUND: " + findings.size() + " place(s)");
        System.exit(1);
    }
}
