package com.shanfu.terminal.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption of the terminal's state at rest: AES-256-GCM, a fresh 12-byte IV per write, the file's purpose as
 * associated data. The 32-byte key is in {@code SHANFU_TERMINAL_KEY_FILE} when set (on a device: storage apart from
 * the state, or what the secure element unwraps), else in {@code --home}/state.key, created on first use with
 * owner-only permissions.
 */
final class StateCipher {

    private static final byte[] MAGIC = "SFT1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD = "shanfu-terminal-state-v1".getBytes(StandardCharsets.US_ASCII);
    private static final int IV = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private StateCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    static StateCipher open(Path home) {
        String configured = System.getenv("SHANFU_TERMINAL_KEY_FILE");
        Path file = configured != null && !configured.isBlank() ? Path.of(configured) : home.resolve("state.key");
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.write(file, fresh, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
            }
            byte[] k = Files.readAllBytes(file);
            if (k.length != 32) {
                throw new IllegalStateException("terminal state key " + file + " must hold 32 bytes");
            }
            return new StateCipher(k);
        } catch (IOException e) {
            throw new UncheckedIOException("terminal state key unreadable: " + file, e);
        }
    }

    byte[] encrypt(byte[] clear) {
        try {
            byte[] iv = new byte[IV];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            c.updateAAD(AAD);
            byte[] body = c.doFinal(clear);
            byte[] out = new byte[MAGIC.length + IV + body.length];
            System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
            System.arraycopy(iv, 0, out, MAGIC.length, IV);
            System.arraycopy(body, 0, out, MAGIC.length + IV, body.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt the terminal state", e);
        }
    }

    byte[] decrypt(byte[] sealed) {
        if (sealed.length < MAGIC.length + IV + 16 || !Arrays.equals(Arrays.copyOf(sealed, MAGIC.length), MAGIC)) {
            throw new IllegalStateException("terminal state file is not a Shanfu state file");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, MAGIC.length, IV));
            c.updateAAD(AAD);
            return c.doFinal(sealed, MAGIC.length + IV, sealed.length - MAGIC.length - IV);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalStateException("terminal state cannot be decrypted: wrong state key or a changed file");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt the terminal state", e);
        }
    }
}
