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

    TlsMaterial(@Value("${shanfu.tls.key-store:}") String keyStore,
                @Value("${shanfu.tls.key-store-password:}") String password,
                @Value("${shanfu.tls.ca:}") String caFile) {
        if (keyStore.isBlank() || caFile.isBlank()) {
            throw new IllegalStateException("the ISO port speaks only TLS: set shanfu.tls.key-store (SHANFU_TLS_KEYSTORE, "
                    + "a PKCS#12 file with the host's key and chain), shanfu.tls.key-store-password (SHANFU_TLS_PASSWORD) "
                    + "and shanfu.tls.ca (SHANFU_TLS_CA, the CA certificate terminals pin); infra/shanfu certs makes a "
                    + "private CA for a local run");
        }
        this.serverContext = Tls.serverContext(Path.of(keyStore), password.toCharArray());
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

    /** The CA certificate (PEM) a terminal pins for the ISO port. */
    public String caPem() {
        return caPem;
    }
}
