package com.shanfu.terminal.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.shanfu.protocol.management.SoftwarePackage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the software version a terminal has switched to. {@code software/current} in the terminal's home names an
 * installed package ({@code software/<version>/}); the program started by {@code bin/terminal} (the factory build)
 * then hands the command to that version's program, in a process of its own with the same arguments, input and output,
 * and answers with its exit status. Without {@code software/current} the factory build runs the command itself.
 */
public final class SoftwareLauncher {

    /** Set for the program of an installed package: its version, and that it must not hand over again. */
    public static final String PACKAGE_PROPERTY = "shanfu.terminal.package";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SoftwareLauncher() {}

    static Path dir(Path home, String version) {
        return home.resolve("software").resolve(version);
    }

    /** The installed version {@code software/current} names, or null (the factory build). */
    static String current(Path home) {
        Path f = home.resolve("software").resolve("current");
        try {
            String v = Files.exists(f)
                    ? Files.readString(f, StandardCharsets.UTF_8).strip()
                    : "";
            return v.matches(SoftwarePackage.VERSION_PATTERN) ? v : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Names the version to run from now on (null: the factory build), in one atomic rename. */
    static void switchTo(Path home, String version) throws IOException {
        Path software = home.resolve("software");
        Files.createDirectories(software);
        Path f = software.resolve("current");
        if (version == null) {
            Files.deleteIfExists(f);
            return;
        }
        Path tmp = software.resolve("current.tmp");
        Files.writeString(tmp, version + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The command that runs {@code version}'s program with {@code args}, or null when its manifest is unreadable. */
    static List<String> command(Path home, String version, List<String> args) {
        Path dir = dir(home, version);
        try {
            var m = JSON.readTree(dir.resolve(SoftwarePackage.MANIFEST).toFile());
            String main = m.path("mainClass").asText();
            if (!main.matches("[A-Za-z_$][A-Za-z0-9_$.]*")) {
                return null;
            }
            List<String> c = new ArrayList<>();
            c.add(ProcessHandle.current().info().command().orElse("java"));
            c.add("-D" + PACKAGE_PROPERTY + "=" + version);
            c.add("-Dslf4j.internal.verbosity=WARN");
            c.add("-cp");
            c.add(dir.resolve("lib").toAbsolutePath() + "/*");
            c.add(main);
            c.addAll(args);
            return c;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Hands the command over to the installed version when one is current and this program is not it; its exit
     * status, or null when this program runs the command itself.
     */
    public static Integer handOver(String[] args) {
        if (System.getProperty(PACKAGE_PROPERTY) != null) {
            return null;
        }
        Path home = home(args);
        String version = home == null ? null : current(home);
        if (version == null) {
            return null;
        }
        List<String> command = command(home, version, List.of(args));
        if (command == null) {
            System.err.println("software " + version + " is named current but cannot be read: running the factory"
                    + " build " + TerminalService.SOFTWARE_VERSION);
            return null;
        }
        try {
            Process p = new ProcessBuilder(command).inheritIO().start();
            return p.waitFor();
        } catch (IOException e) {
            System.err.println("software " + version + " did not start (" + e.getMessage() + "): running the factory"
                    + " build " + TerminalService.SOFTWARE_VERSION);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** The {@code --home} the command names, or the default home; null for commands over many homes (fleet). */
    static Path home(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--home") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--home=")) {
                return Path.of(args[i].substring("--home=".length()));
            }
            if (args[i].equals("fleet")) {
                return null;
            }
        }
        return Path.of(System.getProperty("user.home"), ".shanfu-terminal");
    }
}
