package com.shanfu.tms.device;

import com.shanfu.protocol.crypto.RsaOaep;
import com.shanfu.tms.web.TmsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Device keys from the factory list (docs/security.md, "Device-bound activation"). A real device's key pair is made
 * in its secure element at the factory, and its public key comes with the stock import. The demo has no factory: a
 * demo device is provisioned the first time it is shipped — its key pair is made here and its private key written to
 * the demo factory folder ({@code shanfu.demo-factory-dir}, {@code <serial>.key}, base64 PKCS#8), where the bundled
 * terminal finds it as if its secure element held it. Never in production (the prod profile refuses demo mode).
 */
@Component
public class FactoryKeys {

    private final boolean demo;
    private final Path factoryDir;

    FactoryKeys(@Value("${shanfu.demo:false}") boolean demo, @Value("${shanfu.demo-factory-dir:}") String factoryDir) {
        this.demo = demo;
        this.factoryDir = factoryDir.isBlank() ? null : Path.of(factoryDir);
    }

    /** Registers a public key from the factory list (base64 X.509, RSA ≥ 2048) on a device. */
    static void register(Device device, String publicKeyBase64) {
        byte[] x509;
        try {
            x509 = Base64.getDecoder().decode(publicKeyBase64.strip());
            RsaOaep.publicKey(x509);
        } catch (IllegalArgumentException e) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST,
                    "invalid-public-key",
                    "publicKey of " + device.serial() + " must be a base64 X.509 RSA public key of at least "
                            + RsaOaep.MIN_KEY_BITS + " bits");
        }
        device.registerKey(x509, sha256(x509));
    }

    /** In a demo, provisions a device that has no key yet, as its factory would have; otherwise nothing. */
    void provisionForDemo(Device device) {
        if (!demo || factoryDir == null || device.devicePublicKey() != null) {
            return;
        }
        KeyPair pair = RsaOaep.generateKeyPair();
        try {
            Files.createDirectories(factoryDir);
            Path file = factoryDir.resolve(device.serial() + ".key");
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(
                    file, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo factory key of " + device.serial(), e);
        }
        byte[] x509 = pair.getPublic().getEncoded();
        device.registerKey(x509, sha256(x509));
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
