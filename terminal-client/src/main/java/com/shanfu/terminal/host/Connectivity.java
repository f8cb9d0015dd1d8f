package com.shanfu.terminal.host;

import com.shanfu.protocol.management.HeartbeatRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How the terminal reaches the TMS, as its heartbeat reports it: the link ({@code WIFI}, {@code CELLULAR} or
 * {@code ETHERNET}) and the signal in dBm where a radio has one. On Linux it is read from the kernel: a wireless
 * interface that is up and its level in {@code /proc/net/wireless} is Wi-Fi; a {@code wwan*} interface that is up is
 * cellular; any other interface that is up, Ethernet. {@code SHANFU_TERMINAL_NETWORK} ({@code WIFI:-61},
 * {@code CELLULAR:-97}, {@code ETHERNET}) says it instead, for a terminal whose modem the kernel does not show.
 */
public record Connectivity(String link, Integer signalDbm) {

    /** What this machine uses now; empty when nothing is up but loopback. */
    public static Optional<Connectivity> detect() {
        String told = System.getenv("SHANFU_TERMINAL_NETWORK");
        if (told != null && !told.isBlank()) {
            return Optional.of(parse(told));
        }
        return detect(Path.of("/sys/class/net"), Path.of("/proc/net/wireless"));
    }

    /** {@code LINK} or {@code LINK:dBm}; anything else is refused with the reason. */
    public static Connectivity parse(String text) {
        String[] parts = text.trim().split(":", 2);
        String link = parts[0].toUpperCase(Locale.ROOT);
        if (!HeartbeatRequest.CONNECTIVITY.contains(link)) {
            throw new IllegalArgumentException("SHANFU_TERMINAL_NETWORK: the link must be one of "
                    + HeartbeatRequest.CONNECTIVITY + ", not " + parts[0]);
        }
        Integer dbm = null;
        if (parts.length == 2) {
            try {
                dbm = Integer.valueOf(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("SHANFU_TERMINAL_NETWORK: the signal must be dBm, like -70");
            }
            if (dbm < HeartbeatRequest.MIN_SIGNAL_DBM || dbm > HeartbeatRequest.MAX_SIGNAL_DBM) {
                throw new IllegalArgumentException("SHANFU_TERMINAL_NETWORK: a signal of " + dbm + " dBm is not real");
            }
        }
        return new Connectivity(link, dbm);
    }

    static Optional<Connectivity> detect(Path classNet, Path procWireless) {
        List<String> up;
        try (Stream<Path> interfaces = Files.list(classNet)) {
            up = interfaces
                    .filter(i -> !i.getFileName().toString().equals("lo"))
                    .filter(Connectivity::isUp)
                    .map(i -> i.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String name : up) {
            if (Files.isDirectory(classNet.resolve(name).resolve("wireless"))) {
                return Optional.of(new Connectivity("WIFI", wifiLevel(procWireless, name)));
            }
        }
        for (String name : up) {
            if (name.startsWith("wwan")) {
                return Optional.of(new Connectivity("CELLULAR", null));
            }
        }
        return up.isEmpty() ? Optional.empty() : Optional.of(new Connectivity("ETHERNET", null));
    }

    private static boolean isUp(Path iface) {
        try {
            String state = Files.readString(iface.resolve("operstate")).trim();
            return state.equals("up")
                    || state.equals("unknown")
                            && Files.exists(iface.resolve("carrier"))
                            && Files.readString(iface.resolve("carrier")).trim().equals("1");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The level column of the interface's line in /proc/net/wireless ("wlan0: 0000   54.  -56.  -256 ..."). */
    private static Integer wifiLevel(Path procWireless, String name) {
        try {
            for (String line : Files.readAllLines(procWireless)) {
                String t = line.trim();
                if (t.startsWith(name + ":")) {
                    String[] f = t.substring(name.length() + 1).trim().split("\\s+");
                    return f.length > 2 ? (int) Double.parseDouble(f[2]) : null; // "-56." is a number to Java
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
