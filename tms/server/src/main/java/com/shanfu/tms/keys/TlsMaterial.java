package com.shanfu.tms.keys;

import com.shanfu.protocol.tls.Tls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The TLS material of the ISO port (docs/security.md, "Certificates"): the host's key and chain (PKCS#12) and the
 * CA certificate terminals pin, handed to each at activation. The TMS does not start without them: the ISO port
 * speaks only TLS.
 */
@Component
public class TlsMaterial {

    private final SSLContext serverContext;
    private final String caPem;
    private final java.security.PrivateKey signingKey;
    private final String certificatePem;

    TlsMaterial(
            @Value("${shanfu.tls.key-store:}") String keyStore,
            @Value("${shanfu.tls.key-store-password:}") String password,
            @Value("${shanfu.tls.ca:}") String caFile) {
        if (keyStore.isBlank() || caFile.isBlank()) {
            throw new IllegalStateException(
                    "the ISO port speaks only TLS: set shanfu.tls.key-store (SHANFU_TLS_KEYSTORE, "
                            + "a PKCS#12 file with the host's key and chain), shanfu.tls.key-store-password (SHANFU_TLS_PASSWORD) "
                            + "and shanfu.tls.ca (SHANFU_TLS_CA, the CA certificate terminals pin); infra/shanfu certs makes a "
                            + "private CA for a local run");
        }
        java.security.KeyStore ks = Tls.loadPkcs12(Path.of(keyStore), password.toCharArray());
        this.serverContext = Tls.serverContext(ks, password.toCharArray());
        try {
            String alias = java.util.Collections.list(ks.aliases()).stream()
                    .filter(a -> {
                        try {
                            return ks.isKeyEntry(a);
                        } catch (java.security.KeyStoreException e) {
                            return false;
                        }
                    })
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no private key in " + keyStore));
            this.signingKey = (java.security.PrivateKey) ks.getKey(alias, password.toCharArray());
            this.certificatePem = "-----BEGIN CERTIFICATE-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                            .encodeToString(ks.getCertificate(alias).getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the TLS key store " + keyStore + ": " + e.getMessage(), e);
        }
        try {
            this.caPem = Files.readString(Path.of(caFile));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the CA certificate " + caFile + ": " + e.getMessage(), e);
        }
        Tls.certificate(caPem); // refuses a file that is not a certificate
    }

    public SSLContext serverContext() {
        return serverContext;
    }

    /** The TMS's own certificate (PEM): what a device checks the activation answer's signature with. */
    public String certificatePem() {
        return certificatePem;
    }

    /** Signs with the TMS's key (the one of its certificate), base64. */
    public String sign(byte[] data) {
        try {
            java.security.Signature s = java.security.Signature.getInstance(
                    "EC".equals(signingKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA");
            s.initSign(signingKey);
            s.update(data);
            return java.util.Base64.getEncoder().encodeToString(s.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the TMS key", e);
        }
    }

    /** The CA certificate (PEM) a terminal pins for the ISO port. */
    public String caPem() {
        return caPem;
    }
}
