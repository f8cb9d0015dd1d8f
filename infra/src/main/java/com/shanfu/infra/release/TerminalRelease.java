package com.shanfu.infra.release;

import com.shanfu.protocol.management.SoftwarePackage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The operator's release tooling for terminal software (docs/fleet.md, "Software packages"): an Ed25519 release key
 * pair, a package made from the terminal program's build, and the package's signature. The private key stays with
 * the operator; the TMS is given the public key ({@code SHANFU_RELEASE_KEYS}) and the signed package.
 *
 * <pre>
 *   TerminalRelease keygen  --out DIR                      release.key (PKCS#8, owner only) and release.pub (X.509)
 *   TerminalRelease package --version V --out FILE [--build terminal-client/target]
 *   TerminalRelease sign    --key DIR/release.key --package FILE          prints the signature (base64)
 * </pre>
 */
public final class TerminalRelease {

    static final String MAIN_CLASS = "com.shanfu.terminal.cli.TerminalCli";

    private TerminalRelease() {}

    public static KeyPair newKey() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String publicKeyBase64(KeyPair k) {
        return Base64.getEncoder().encodeToString(k.getPublic().getEncoded());
    }

    /**
     * A package of the terminal program's build ({@code terminal-client/target}: its jar and {@code lib/}), with a
     * manifest naming {@code version} and {@code mainClass}.
     */
    public static byte[] build(Path target, String version, String mainClass) throws IOException {
        List<Path> jars;
        try (Stream<Path> own = Files.list(target);
                Stream<Path> lib = Files.list(target.resolve("lib"))) {
            jars = Stream.concat(
                            own.filter(p -> p.getFileName().toString().matches("terminal-client-.*\\.jar")),
                            lib.filter(p -> p.getFileName().toString().endsWith(".jar")))
                    .sorted()
                    .toList();
        }
        if (jars.stream().noneMatch(p -> p.getFileName().toString().startsWith("terminal-client-"))) {
            throw new IOException("no terminal-client jar in " + target + ": build it first (./mvnw package -pl"
                    + " terminal-client -am)");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(SoftwarePackage.MANIFEST));
            zip.write(("{\"name\":\"" + SoftwarePackage.NAME + "\",\"version\":\"" + version + "\",\"mainClass\":\""
                            + mainClass + "\"}\n")
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            for (Path jar : jars) {
                zip.putNextEntry(new ZipEntry("lib/" + jar.getFileName()));
                Files.copy(jar, zip);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    public static String sign(PrivateKey releaseKey, byte[] zip) {
        return SoftwarePackage.sign(releaseKey, SoftwarePackage.sha256(zip));
    }

    static PrivateKey readPrivate(Path file) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519")
                .generatePrivate(new PKCS8EncodedKeySpec(
                        Base64.getDecoder().decode(Files.readString(file).strip())));
    }

    public static void main(String[] args) throws Exception {
        java.util.Map<String, String> a = new java.util.HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String command = args.length == 0 ? "" : args[0];
        switch (command) {
            case "keygen" -> {
                Path out = Path.of(a.getOrDefault("out", "."));
                Files.createDirectories(out);
                KeyPair k = newKey();
                Path key = out.resolve("release.key");
                Files.writeString(
                        key, Base64.getEncoder().encodeToString(k.getPrivate().getEncoded()) + "\n");
                Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
                Files.writeString(out.resolve("release.pub"), publicKeyBase64(k) + "\n");
                System.out.println(publicKeyBase64(k));
            }
            case "package" -> {
                String version = a.get("version");
                if (version == null || !version.matches(SoftwarePackage.VERSION_PATTERN) || !a.containsKey("out")) {
                    usage();
                }
                byte[] zip = build(Path.of(a.getOrDefault("build", "terminal-client/target")), version, MAIN_CLASS);
                Files.write(Path.of(a.get("out")), zip);
                System.out.println(SoftwarePackage.sha256(zip));
            }
            case "sign" -> {
                if (!a.containsKey("key") || !a.containsKey("package")) {
                    usage();
                }
                System.out.println(
                        sign(readPrivate(Path.of(a.get("key"))), Files.readAllBytes(Path.of(a.get("package")))));
            }
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: TerminalRelease keygen --out DIR | package --version V --out FILE [--build DIR]"
                + " | sign --key FILE --package FILE");
        System.exit(2);
    }
}
