package com.shanfu.tms;

import com.shanfu.tms.device.Secrets;
import com.shanfu.tms.keys.LmkKey;
import com.shanfu.tms.keys.SecurityModule;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A fleet of active terminals seeded straight into a benchmark's (or a test's) database: one merchant, and per terminal its device
 * row, its device credential (kept as the TMS keeps it) and, where asked, its own TMK imported under the LMK.
 * Activating 10,000 terminals one by one would make an RSA key per device and measure that instead.
 */
public record BenchFleet(long merchantId, List<Terminal> terminals) {

    public record Terminal(long deviceId, String serial, String tid, String mid, byte[] tmk, String credential) {}

    public static BenchFleet seed(JdbcTemplate jdbc, SecurityModule keys, int count, String mid, String prefix) {
        jdbc.update(
                "insert into merchant (mid, external_ref, name, city, mcc, created_at)"
                        + " values (?, ?, '晨间商户', '上海', '5411', now(3))",
                mid,
                prefix.toLowerCase());
        long merchant = jdbc.queryForObject("select id from merchant where mid = ?", Long.class, mid);
        SecureRandom random = new SecureRandom();
        List<Object[]> rows = new ArrayList<>();
        List<String[]> made = new ArrayList<>();
        // TIDs 8xxxxxxx after the devices already there, so that fleets seeded into one database never share one
        long offset = jdbc.queryForObject("select coalesce(max(id), 0) from device", Long.class);
        for (int i = 1; i <= count; i++) {
            String credential = HexFormat.of().formatHex(bytes(random, 16));
            String serial = String.format("%s%08d", prefix, i);
            String tid = String.format("8%07d", offset + i);
            made.add(new String[] {serial, tid, credential});
            rows.add(new Object[] {serial, merchant, tid, Secrets.credentialHash(credential)});
        }
        jdbc.batchUpdate(
                "insert into device (serial, model_code, status, merchant_id, tid, credential_hash)"
                        + " values (?, 'SF-P2', 'ACTIVE', ?, ?, ?)",
                rows);
        Map<String, Long> ids = new HashMap<>();
        jdbc.query(
                "select serial, id from device where merchant_id = ?",
                rs -> {
                    ids.put(rs.getString(1), rs.getLong(2));
                },
                merchant);
        List<Terminal> out = new ArrayList<>();
        List<Object[]> tmks = new ArrayList<>();
        for (String[] m : made) {
            long id = ids.get(m[0]);
            byte[] tmk = keys == null ? null : bytes(random, 16);
            if (tmk != null) {
                LmkKey underLmk = keys.importKey(tmk);
                tmks.add(new Object[] {id, underLmk.underLmk(), underLmk.kcv()});
            }
            out.add(new Terminal(id, m[0], m[1], mid, tmk, m[2]));
        }
        if (!tmks.isEmpty()) {
            jdbc.batchUpdate("insert into terminal_key (device_id, tmk_lmk, tmk_kcv) values (?, ?, ?)", tmks);
        }
        return new BenchFleet(merchant, out);
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** This process's resident memory, as the kernel counts it. */
    public static long rssKiB() throws java.io.IOException {
        return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                .findFirst()
                .orElse(0L);
    }

    /** A process's CPU time so far (user and system), in milliseconds; 0 when it is gone or the system will not say. */
    public static long cpuMillis(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(p -> p.info().totalCpuDuration())
                .map(java.time.Duration::toMillis)
                .orElse(0L);
    }

    /**
     * A benchmark's terminals in a process of their own (so that the TMS's memory and CPU are its own, and each side
     * has its own open-file limit), on this JVM's class path: its standard output's lines are collected as they come,
     * its standard error goes to {@code fleet.err} in {@code work}.
     */
    public record Child(Process process, List<String> out, Thread reader) {

        public static Child start(java.nio.file.Path work, String heap, Class<?> main, String... args)
                throws java.io.IOException {
            List<String> command = new ArrayList<>(List.of(
                    java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                            .toString(),
                    heap,
                    "-cp",
                    System.getProperty("java.class.path"),
                    main.getName()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command)
                    .redirectError(work.resolve("fleet.err").toFile())
                    .start();
            List<String> out = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                try (var r = p.inputReader()) {
                    r.lines().forEach(out::add);
                } catch (java.io.IOException e) {
                    out.add("ERROR 1 reading the fleet: " + e.getMessage());
                }
            });
            return new Child(p, out, reader);
        }
    }
}
