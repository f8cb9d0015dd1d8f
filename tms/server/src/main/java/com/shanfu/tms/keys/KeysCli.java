package com.shanfu.tms.keys;

import com.shanfu.protocol.crypto.Tdes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Key management without a running TMS ({@code infra/shanfu keys ...}; docs/security.md, "Key ceremony"):
 * <ul>
 *   <li>{@code ceremony --components N --out DIR}: N (2 or 3) fresh LMK components, one file each, for N custodians;
 *       prints every component's check value and the LMK's;</li>
 *   <li>{@code rewrap --url JDBC --old F1,F2[,F3] --new G1,G2[,G3]}: re-encrypts every key and card number kept
 *       under the old LMK under the new one, in one database transaction (the TMS must be stopped);</li>
 *   <li>{@code import-issuer --url JDBC --lmk F1,F2[,F3] --scheme S --components C1,C2[,C3]}: an issuer master key
 *       from its components (XOR, each a file {@code component=<32 hex>}) into {@code zone_key} under the LMK.</li>
 * </ul>
 * Exits 0 on success, 1 on a refused operation, 2 on bad arguments.
 */
public final class KeysCli {

    /** Every column that holds data under the LMK, by table and key column. */
    static final Map<String, List<String>> UNDER_LMK = new LinkedHashMap<>();

    static {
        UNDER_LMK.put(
                "terminal_key:device_id",
                List.of("tmk_lmk", "pin_key_lmk", "mac_key_lmk", "data_key_lmk", "pending_tmk_lmk"));
        UNDER_LMK.put("zone_key:name", List.of("key_lmk"));
        UNDER_LMK.put("txn:id", List.of("pan_lmk"));
    }

    private KeysCli() {}

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("refused: " + e.getMessage());
            System.exit(1);
        }
    }

    static int run(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ceremony | rewrap | import-issuer (see docs/security.md)");
        }
        Map<String, String> o = options(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "ceremony" -> ceremony(Integer.parseInt(o.getOrDefault("components", "3")), Path.of(need(o, "out")));
            case "rewrap" -> {
                int n = rewrap(
                        need(o, "url"),
                        o.getOrDefault("user", "shanfu"),
                        o.getOrDefault("password", "shanfu"),
                        Lmk.fromComponents(Lmk.paths(need(o, "old"))),
                        Lmk.fromComponents(Lmk.paths(need(o, "new"))));
                System.out.println(n + " values re-encrypted under the new LMK");
            }
            case "import-issuer" -> {
                byte[] clear = issuerKey(Lmk.paths(need(o, "components")));
                try {
                    String kcv = importIssuer(
                            need(o, "url"),
                            o.getOrDefault("user", "shanfu"),
                            o.getOrDefault("password", "shanfu"),
                            Lmk.fromComponents(Lmk.paths(need(o, "lmk"))),
                            need(o, "scheme"),
                            clear);
                    System.out.println(
                            "issuer master key of " + o.get("scheme") + " imported under the LMK, KCV " + kcv);
                } finally {
                    Arrays.fill(clear, (byte) 0);
                }
            }
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
        return 0;
    }

    /** N components, each in its own file; the LMK they form is never written anywhere. */
    public static String ceremony(int n, Path out) {
        if (n < 2 || n > 3) {
            throw new IllegalArgumentException("an LMK has 2 or 3 components");
        }
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            byte[] part = Lmk.randomComponent();
            Path f = out.resolve("component-" + i + ".txt");
            Lmk.writeComponent(f, part, i, n);
            System.out.println("component " + i + " of " + n + ": " + f + "  check value " + Lmk.checkValue(part));
            Arrays.fill(part, (byte) 0);
            files.add(f);
        }
        String kcv = Lmk.fromComponents(files).checkValue();
        System.out.println("LMK check value " + kcv + " (set shanfu.keys.lmk-kcv / SHANFU_LMK_KCV to it)");
        return kcv;
    }

    /** Re-encrypts every value under the old LMK under the new one, in one transaction; the count of values. */
    public static int rewrap(String url, String user, String password, Lmk old, Lmk next) throws Exception {
        if (old.checkValue().equals(next.checkValue())) {
            throw new IllegalStateException("the new LMK is the old one");
        }
        int count = 0;
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.setAutoCommit(false);
            try {
                for (var e : UNDER_LMK.entrySet()) {
                    String table = e.getKey().split(":")[0];
                    String id = e.getKey().split(":")[1];
                    for (String column : e.getValue()) {
                        count += rewrapColumn(c, table, id, column, old, next);
                    }
                }
                c.commit();
            } catch (Exception ex) {
                c.rollback();
                throw ex;
            }
        }
        return count;
    }

    private static int rewrapColumn(Connection c, String table, String id, String column, Lmk old, Lmk next)
            throws Exception {
        int n = 0;
        try (PreparedStatement select = c.prepareStatement("select " + id + ", " + column + " from " + table + " where "
                        + column + " is not null for update");
                PreparedStatement update =
                        c.prepareStatement("update " + table + " set " + column + " = ? where " + id + " = ?");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                byte[] clear;
                try {
                    clear = old.decrypt(rs.getBytes(2));
                } catch (IllegalStateException e) {
                    throw new IllegalStateException(table + "." + column + " of " + rs.getObject(1)
                            + " does not decrypt under the old LMK: nothing was changed");
                }
                update.setBytes(1, next.encrypt(clear));
                update.setObject(2, rs.getObject(1));
                Arrays.fill(clear, (byte) 0);
                update.executeUpdate();
                n++;
            }
        }
        return n;
    }

    public static byte[] issuerKey(List<Path> components) {
        if (components.size() < 2) {
            throw new IllegalArgumentException("an issuer master key comes in at least two components");
        }
        byte[] key = null;
        for (Path p : components) {
            byte[] part = TdesComponent.read(p);
            if (key == null) {
                key = part;
            } else {
                for (int i = 0; i < key.length; i++) {
                    key[i] ^= part[i];
                }
                Arrays.fill(part, (byte) 0);
            }
        }
        return key;
    }

    public static String importIssuer(String url, String user, String password, Lmk lmk, String scheme, byte[] clear)
            throws Exception {
        String kcv = HexFormat.of().withUpperCase().formatHex(Tdes.kcv(clear, 4));
        try (Connection c = DriverManager.getConnection(url, user, password);
                PreparedStatement s = c.prepareStatement("insert into zone_key (name, key_lmk, kcv, created_at) "
                        + "values (?, ?, ?, current_timestamp(3))")) {
            s.setString(1, ZoneKeys.imkName(scheme));
            s.setBytes(2, lmk.encrypt(clear));
            s.setString(3, kcv);
            s.executeUpdate();
        } catch (java.sql.SQLIntegrityConstraintViolationException e) {
            throw new IllegalStateException("an issuer master key of " + scheme + " is already imported");
        }
        return kcv;
    }

    /** An issuer key component file: {@code component=<32 hex>}, checked against its KCV when it has one. */
    static final class TdesComponent {
        static byte[] read(Path file) {
            Lmk.ComponentFile c;
            try {
                c = Lmk.ComponentFile.read(file);
            } catch (java.io.UncheckedIOException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
            if (c.hex() == null || !c.hex().matches("[0-9A-Fa-f]{32}")) {
                throw new IllegalArgumentException(file + " must hold component=<32 hex digits>");
            }
            byte[] part = HexFormat.of().parseHex(c.hex());
            if (c.kcv() != null
                    && !HexFormat.of()
                            .formatHex(Tdes.kcv(part, c.kcv().length() / 2))
                            .equalsIgnoreCase(c.kcv())) {
                throw new IllegalArgumentException(file + " does not match its check value " + c.kcv());
            }
            return part;
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("options are --name value; got " + args[i]);
            }
            o.put(args[i].substring(2), args[++i]);
        }
        return o;
    }

    private static String need(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }
}
