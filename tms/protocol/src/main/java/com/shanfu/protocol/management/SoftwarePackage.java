package com.shanfu.protocol.management;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A terminal software package (docs/fleet.md, "Software packages"): a zip of the terminal program's build with
 * {@code manifest.json} at its root ({@code {"name": "shanfu-terminal", "version": "…", "mainClass": "…"}}) and its
 * jars under {@code lib/}. The release key held by the TMS operator signs the SHA-256 of the whole zip with Ed25519;
 * the TMS keeps only the public key, checks the signature on upload, and gives it to each terminal at activation,
 * which checks it again before it installs anything.
 */
public final class SoftwarePackage {

    public static final String NAME = "shanfu-terminal";
    public static final String MANIFEST = "manifest.json";
    /** Versions as terminals report them: letters, digits and {@code . + -}, at most 32. */
    public static final String VERSION_PATTERN = "[0-9A-Za-z.+-]{1,32}";
    /** The largest package the TMS takes: 128 MiB. */
    public static final long MAX_BYTES = 128L * 1024 * 1024;
    /** {@code GET}: the package, with {@code Range: bytes=N-} to go on from where a download stopped. */
    public static final String DOWNLOAD_PATH = "/api/terminal/v1/software/{version}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SoftwarePackage() {}

    /** What {@code manifest.json} says, and the package's jars. */
    public record Manifest(String name, String version, String mainClass, List<String> jars) {}

    /**
     * Reads and checks a package's layout: a manifest naming this program, a well-formed version and main class, at
     * least one jar under {@code lib/}, and no entry that would land outside its folder when unpacked.
     */
    public static Manifest manifest(byte[] zip) {
        Manifest declared = null;
        List<String> jars = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String name = e.getName();
                if (!safeEntry(name)) {
                    throw new IllegalArgumentException("the package holds an entry outside its folder: " + name);
                }
                if (name.equals(MANIFEST)) {
                    var m = JSON.readTree(in.readNBytes(64 * 1024));
                    declared = new Manifest(
                            m.path("name").asText(),
                            m.path("version").asText(),
                            m.path("mainClass").asText(),
                            null);
                } else if (name.startsWith("lib/") && name.endsWith(".jar") && !e.isDirectory()) {
                    jars.add(name);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a zip package: " + e.getMessage());
        }
        if (declared == null) {
            throw new IllegalArgumentException("the package has no " + MANIFEST);
        }
        if (!NAME.equals(declared.name())) {
            throw new IllegalArgumentException("the package is not " + NAME + " but '" + declared.name() + "'");
        }
        if (!declared.version().matches(VERSION_PATTERN)) {
            throw new IllegalArgumentException("not a software version: '" + declared.version() + "'");
        }
        if (!declared.mainClass().matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)+")) {
            throw new IllegalArgumentException("not a main class: '" + declared.mainClass() + "'");
        }
        if (jars.isEmpty()) {
            throw new IllegalArgumentException("the package has no jar under lib/");
        }
        return new Manifest(declared.name(), declared.version(), declared.mainClass(), List.copyOf(jars));
    }

    /** A relative path that stays inside the folder it is unpacked into. */
    public static boolean safeEntry(String name) {
        return !name.isEmpty()
                && !name.startsWith("/")
                && !name.contains("\\")
                && !name.contains("\0")
                && java.util.Arrays.stream(name.split("/")).noneMatch(".."::equals);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An Ed25519 public key from its base64 X.509 (SubjectPublicKeyInfo) form. */
    public static PublicKey releaseKey(String base64X509) {
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64X509.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key (base64 X.509): " + e.getMessage());
        }
    }

    /** The release keys of a comma-separated list; none for null or blank. */
    public static List<PublicKey> releaseKeys(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(commaSeparated.split(","))
                .filter(k -> !k.isBlank())
                .map(SoftwarePackage::releaseKey)
                .toList();
    }

    /** What is signed: the text {@code shanfu-terminal-package-v1}, a line break, and the zip's SHA-256 in hex. */
    static byte[] signed(String sha256Hex) {
        return ("shanfu-terminal-package-v1\n" + sha256Hex).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Whether one of {@code keys} signed the package with this SHA-256 (Ed25519, base64 signature). */
    public static boolean verify(List<PublicKey> keys, String sha256Hex, String signatureBase64) {
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signatureBase64 == null ? "" : signatureBase64.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (PublicKey k : keys) {
            try {
                Signature v = Signature.getInstance("Ed25519");
                v.initVerify(k);
                v.update(signed(sha256Hex));
                if (v.verify(sig)) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                // not this key
            }
        }
        return false;
    }

    /** Signs a package's SHA-256 with the release key (the operator's release tooling). */
    public static String sign(java.security.PrivateKey releaseKey, String sha256Hex) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(releaseKey);
            s.update(signed(sha256Hex));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with this key: " + e.getMessage(), e);
        }
    }
}
