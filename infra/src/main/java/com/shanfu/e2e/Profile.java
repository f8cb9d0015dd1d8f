package com.shanfu.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples fall: the top frames (the method running when sampled) and, for each sample,
 * the area of the first frame outside the JDK's own collections and I/O (the MariaDB driver, Hibernate, TLS, crypto,
 * jPOS, Spring, Shanfu's code), with the time the collector paused the application.
 */
record Profile(
        long samples,
        Map<String, Long> topFrames,
        Map<String, Long> areas,
        Map<String, Long> callers,
        double gcPauseMillis) {

    private static final List<String[]> AREAS = List.of(
            new String[] {"com.mysql.", "MariaDB driver (JDBC)"},
            new String[] {"com.zaxxer.", "connection pool"},
            new String[] {"org.hibernate.", "Hibernate (ORM)"},
            new String[] {"sun.security.ssl.", "TLS handshakes and records"},
            new String[] {"sun.security.", "TLS handshakes and records"},
            new String[] {"javax.net.ssl.", "TLS handshakes and records"},
            new String[] {"com.sun.crypto.", "crypto (3DES MAC, keys, ARQC, PIN)"},
            new String[] {"javax.crypto.", "crypto (3DES MAC, keys, ARQC, PIN)"},
            new String[] {"org.bouncycastle.", "crypto (3DES MAC, keys, ARQC, PIN)"},
            new String[] {"org.jpos.", "jPOS (packing, channel, transaction manager)"},
            new String[] {"org.jdom2.", "jPOS (packing, channel, transaction manager)"},
            new String[] {"org.springframework.", "Spring (transactions, beans)"},
            new String[] {"org.apache.", "Tomcat and other libraries"},
            new String[] {"ch.qos.logback.", "logging"},
            new String[] {"org.slf4j.", "logging"},
            new String[] {"com.fasterxml.", "JSON"},
            new String[] {"com.shanfu.", "Shanfu's own code"});

    /** {@code Profile FILE.jfr [what]}: prints the tables of a recording made elsewhere (a benchmark's TMS). */
    public static void main(String[] args) throws IOException {
        System.out.print(read(Path.of(args[0])).markdown(args.length > 1 ? args[1] : "the recorded JVM's CPU went"));
    }

    static Profile read(Path jfr) throws IOException {
        Map<String, Long> top = new HashMap<>();
        Map<String, Long> areas = new HashMap<>();
        Map<String, Long> callers = new HashMap<>();
        long samples = 0;
        double gc = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.GCPhasePause")) {
                gc += e.getDuration().toNanos() / 1e6;
            }
            if (!type.equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            RecordedFrame first = frames.get(0);
            top.merge(
                    first.getMethod().getType().getName() + "."
                            + first.getMethod().getName(),
                    1L,
                    Long::sum);
            areas.merge(area(frames), 1L, Long::sum);
            frames.stream()
                    .filter(f -> f.getMethod().getType().getName().startsWith("com.shanfu."))
                    .findFirst()
                    .ifPresent(f -> callers.merge(
                            f.getMethod().getType().getName().replace("com.shanfu.", "") + "."
                                    + f.getMethod().getName(),
                            1L,
                            Long::sum));
        }
        return new Profile(samples, top, areas, callers, gc);
    }

    private static String area(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String cls = f.getMethod().getType().getName();
            for (String[] a : AREAS) {
                if (cls.startsWith(a[0])) {
                    return a[1];
                }
            }
        }
        return "JDK (collections, sockets, threads)";
    }

    String markdown(String what) {
        StringBuilder s = new StringBuilder(String.format(
                "Where %s (JFR, %d execution samples; the collector paused it %.0f ms in all):%n%n"
                        + "| area (first frame outside the JDK) | share |%n|---|---|%n",
                what, samples, gcPauseMillis));
        table(s, areas, Integer.MAX_VALUE, "%s");
        s.append("\n| top frame | share |\n|---|---|\n");
        table(s, topFrames, 12, "`%s`");
        s.append("\n| nearest Shanfu method on the stack | share |\n|---|---|\n");
        table(s, callers, 10, "`%s`");
        return s.toString();
    }

    /** The rows of a share table, largest first. */
    private void table(StringBuilder s, Map<String, Long> counts, int rows, String name) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(rows)
                .forEach(e -> s.append(
                        String.format("| " + name + " | %.1f %% |%n", e.getKey(), 100.0 * e.getValue() / samples)));
    }
}
