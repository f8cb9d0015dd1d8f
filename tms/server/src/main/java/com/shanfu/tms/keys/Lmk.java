package com.shanfu.tms.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The local master key (LMK): an AES-256 key that exists only in memory, formed by XOR of two or three components
 * held by different custodians (split knowledge, dual control: docs/security.md, "Key ceremony"). Each component is
 * a file of its own with the component's check value; the LMK's check value is configured so a wrong or swapped
 * component stops the start. Everything the TMS keeps under the LMK is AES-256-GCM with a random 96-bit IV.
 */
public final class Lmk {

    public static final int LENGTH = 32;
    private static final int IV = 12;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private Lmk(byte[] clear) {
        this.key = new SecretKeySpec(clear, "AES");
    }

    /** The LMK from its component files (at least two), each checked against its own check value when it has one. */
    public static Lmk fromComponents(List<Path> files) {
        if (files.size() < 2) {
            throw new IllegalStateException("the LMK needs at least two components held by different custodians; got "
                    + files.size() + " (shanfu.keys.lmk-components)");
        }
        List<byte[]> parts = new ArrayList<>();
        for (Path f : files) {
            parts.add(readComponent(f));
        }
        for (int i = 0; i < parts.size(); i++) {
            for (int j = i + 1; j < parts.size(); j++) {
                if (Arrays.equals(parts.get(i), parts.get(j))) {
                    throw new IllegalStateException(
                            "LMK components " + files.get(i) + " and " + files.get(j) + " are the same");
                }
            }
        }
        byte[] lmk = new byte[LENGTH];
        for (byte[] p : parts) {
            for (int i = 0; i < LENGTH; i++) {
                lmk[i] ^= p[i];
            }
            Arrays.fill(p, (byte) 0);
        }
        try {
            return new Lmk(lmk);
        } finally {
            Arrays.fill(lmk, (byte) 0);
        }
    }

    /**
     * A custodian's component file as written: {@code component=<hex>} and optionally {@code kcv=<hex>}; other lines
     * (comments) are ignored. Used for the LMK's components and for issuer key components alike.
     */
    record ComponentFile(String hex, String kcv) {
        static ComponentFile read(Path file) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the key component " + file, e);
            }
            String hex = null;
            String kcv = null;
            for (String line : lines) {
                String l = line.trim();
                if (l.startsWith("component=")) {
                    hex = l.substring("component=".length()).trim();
                } else if (l.startsWith("kcv=")) {
                    kcv = l.substring("kcv=".length()).trim();
                }
            }
            return new ComponentFile(hex, kcv);
        }
    }

    /** An LMK component file: {@code component=<64 hex>}, checked against its check value when it has one. */
    static byte[] readComponent(Path file) {
        ComponentFile c = ComponentFile.read(file);
        if (c.hex() == null || !c.hex().matches("[0-9A-Fa-f]{64}")) {
            throw new IllegalStateException("LMK component " + file + " must hold component=<64 hex digits>");
        }
        byte[] part = HexFormat.of().parseHex(c.hex());
        if (c.kcv() != null && !c.kcv().equalsIgnoreCase(checkValue(part))) {
            throw new IllegalStateException(
                    "LMK component " + file + " does not match its check value " + c.kcv() + ": mistyped or damaged");
        }
        return part;
    }

    /** Writes a component file readable only by its owner. */
    public static void writeComponent(Path file, byte[] part, int n, int of) {
        String text = "# Shanfu LMK component " + n + " of " + of + ". Hand it to its custodian only; never keep two\n"
                + "# components in one place. The LMK is the XOR of all components; no component alone reveals it.\n"
                + "component=" + HEX.formatHex(part) + "\nkcv=" + checkValue(part) + "\n";
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(
                        file, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static byte[] randomComponent() {
        byte[] part = new byte[LENGTH];
        RANDOM.nextBytes(part);
        return part;
    }

    /** Check value of an AES key: the first 3 bytes of AES(key, 16 × 00), hex. */
    public static String checkValue(byte[] aesKey) {
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"));
            return HEX.formatHex(Arrays.copyOf(c.doFinal(new byte[16]), 3));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String checkValue() {
        return checkValue(key.getEncoded());
    }

    public byte[] encrypt(byte[] clear) {
        try {
            byte[] iv = new byte[IV];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] ct = c.doFinal(clear);
            return ByteBuffer.allocate(IV + ct.length).put(iv).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("LMK encryption failed", e);
        }
    }

    public byte[] decrypt(byte[] encrypted) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, encrypted, 0, IV));
            return c.doFinal(encrypted, IV, encrypted.length - IV);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("LMK decryption failed: wrong LMK or damaged data", e);
        }
    }

    static List<Path> paths(String commaSeparated) {
        List<Path> out = new ArrayList<>();
        for (String p : commaSeparated.split(",")) {
            if (!p.isBlank()) {
                out.add(Path.of(p.trim()));
            }
        }
        return out;
    }
}
