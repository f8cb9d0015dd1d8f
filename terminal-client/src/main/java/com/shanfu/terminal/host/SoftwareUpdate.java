package com.shanfu.terminal.host;

import com.shanfu.protocol.management.SoftwarePackage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code SOFTWARE} task on the terminal (docs/fleet.md, "Software packages"). The package is downloaded on the
 * management channel into {@code software/downloads/} (a download cut off goes on from where it stopped, by byte
 * range), its signature checked against the release keys pinned at activation and its SHA-256 against the task's, then
 * unpacked beside the running version into {@code software/<version>/}. The new version must start and pass its
 * self-test before {@code software/current} names it; from then on the launcher ({@link SoftwareLauncher}) runs it.
 * Anything short of that leaves the running version in place and answers {@code FAILED} with the reason. The switch is
 * made only between sales.
 */
final class SoftwareUpdate {

    /** The version of the build this program was made from, when no package runs it. */
    static final String FACTORY = "factory";

    private final TerminalService terminal;

    SoftwareUpdate(TerminalService terminal) {
        this.terminal = terminal;
    }

    record Outcome(boolean applied, boolean deferred, String detail) {}

    Outcome apply(Map<String, Object> payload) throws HostException, IOException, InterruptedException {
        String version = String.valueOf(payload.get("version"));
        boolean rollback = Boolean.TRUE.equals(payload.get("rollback"));
        String running = TerminalService.runningVersion();
        if (!version.matches(SoftwarePackage.VERSION_PATTERN)) {
            return failed("not a software version: " + version);
        }
        if (version.equals(running) || (version.equals(FACTORY) && SoftwareLauncher.current(terminal.home()) == null)) {
            return new Outcome(true, false, "already running " + running);
        }
        Path dir = SoftwareLauncher.dir(terminal.home(), version);
        if (version.equals(FACTORY) || (rollback && version.equals(TerminalService.SOFTWARE_VERSION))) {
            if (terminal.inTransaction()) {
                return new Outcome(false, true, "a transaction is in progress");
            }
            SoftwareLauncher.switchTo(terminal.home(), null);
            return new Outcome(
                    true,
                    false,
                    "back to the factory build " + TerminalService.SOFTWARE_VERSION + " (was " + running + ")");
        }
        if (!Files.exists(dir.resolve(SoftwarePackage.MANIFEST))) {
            Outcome refused = download(version, payload);
            if (refused != null) {
                return refused;
            }
        }
        String started = selfTest(version);
        if (started != null) {
            deleteTree(dir); // it does not start here: not kept, the running version stays
            return failed("version " + version + " did not start, staying on " + running + ": " + started);
        }
        if (terminal.inTransaction()) { // installed and tested; switched at the next idle moment
            return new Outcome(false, true, "a transaction is in progress");
        }
        SoftwareLauncher.switchTo(terminal.home(), version);
        terminal.state().softwareInstalled(version);
        terminal.state().save(terminal.home());
        prune(version, running);
        return new Outcome(true, false, "now running " + version + " (was " + running + ")");
    }

    /** Downloads, checks and unpacks the package; null when it is in place, otherwise the refusal. */
    private Outcome download(String version, Map<String, Object> payload) throws HostException, IOException {
        String keys = terminal.state().releaseKeys();
        if (keys == null || keys.isBlank()) {
            return failed("no release key was pinned at activation: this terminal installs no package");
        }
        if (!(payload.get("sha256") instanceof String sha256)
                || !sha256.matches("[0-9a-f]{64}")
                || !(payload.get("size") instanceof Number size)
                || !(payload.get("signature") instanceof String signature)) {
            return failed("a software task needs the package's sha256, size and signature");
        }
        if (size.longValue() <= 0 || size.longValue() > SoftwarePackage.MAX_BYTES) {
            return failed("a package of " + size + " bytes is refused");
        }
        if (!SoftwarePackage.verify(SoftwarePackage.releaseKeys(keys), sha256, signature)) {
            return failed("the package's signature is not a release key's: refused");
        }
        Path downloads = terminal.home().resolve("software").resolve("downloads");
        Files.createDirectories(downloads);
        Path part = downloads.resolve(version + ".zip.part");
        long have = Files.exists(part) ? Files.size(part) : 0;
        if (have > size.longValue()) {
            Files.delete(part);
            have = 0;
        }
        if (have < size.longValue()) {
            new ManagementClient(terminal.state().tmsUrl(), terminal.state().hostCa())
                    .download(terminal.state().deviceCredential(), version, have, part);
        }
        byte[] zip = Files.readAllBytes(part); // read once: hashed, checked and unpacked from memory
        String actual = SoftwarePackage.sha256(zip);
        if (!actual.equals(sha256)) {
            Files.delete(part); // a wrong download is not resumed
            return failed("the package's SHA-256 is " + actual + ", not " + sha256 + ": refused");
        }
        SoftwarePackage.Manifest m;
        try {
            m = SoftwarePackage.manifest(zip);
        } catch (IllegalArgumentException e) {
            Files.delete(part);
            return failed("the package is refused: " + e.getMessage());
        }
        if (!m.version().equals(version)) {
            Files.delete(part);
            return failed("the package says version " + m.version() + ", not " + version + ": refused");
        }
        Path target = SoftwareLauncher.dir(terminal.home(), version);
        Path unpacking = target.resolveSibling(version + ".new");
        deleteTree(unpacking);
        unpack(zip, unpacking);
        deleteTree(target);
        Files.move(unpacking, target, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(part);
        return null;
    }

    /** Runs the new version's self-test in its own process; null when it passed, otherwise what it said. */
    private String selfTest(String version) throws IOException, InterruptedException {
        List<String> command = SoftwareLauncher.command(
                terminal.home(),
                version,
                List.of("--home", terminal.home().toString(), "self-test", "--expect-version", version));
        if (command == null) {
            return "its manifest cannot be read";
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readNBytes(16 * 1024);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "no answer from its self-test within 120 s";
        }
        String said = new String(out, java.nio.charset.StandardCharsets.UTF_8).strip();
        if (p.exitValue() == 0 && said.contains("self-test ok")) {
            return null;
        }
        String last = said.lines().reduce((a, b) -> b).orElse("");
        return "exit " + p.exitValue() + (last.isEmpty() ? "" : ", " + last.substring(0, Math.min(160, last.length())));
    }

    private static void unpack(byte[] zip, Path into) throws IOException {
        Files.createDirectories(into);
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!SoftwarePackage.safeEntry(e.getName())) {
                    throw new IOException("entry outside the package folder: " + e.getName());
                }
                Path to = into.resolve(e.getName()).normalize();
                if (!to.startsWith(into)) {
                    throw new IOException("entry outside the package folder: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    try (OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW)) {
                        in.transferTo(out);
                    }
                }
            }
        }
    }

    /** Keeps the new version and the one before it (for a rollback); older ones go. */
    private void prune(String keep, String previous) throws IOException {
        Path software = terminal.home().resolve("software");
        List<Path> old = new ArrayList<>();
        try (Stream<Path> s = Files.list(software)) {
            s.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().equals("downloads"))
                    .filter(p -> !p.getFileName().toString().equals(keep)
                            && !p.getFileName().toString().equals(previous))
                    .forEach(old::add);
        }
        for (Path p : old) {
            deleteTree(p);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    private static Outcome failed(String why) {
        return new Outcome(false, false, why);
    }
}
