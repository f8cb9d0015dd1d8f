package com.shanfu.protocol.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.jpos.iso.GenericSSLSocketFactory;
import org.jpos.iso.ISOClientSocketFactory;

/**
 * TLS on the financial channel (docs/protocol.md, "Transport"): TLS 1.3 only. The host serves the key and chain of a
 * PKCS#12 key store; the terminal trusts exactly one CA, the one the TMS handed it at activation (pinned), and checks
 * that the host's certificate names the address it connects to.
 */
public final class Tls {

    public static final String[] PROTOCOLS = {"TLSv1.3"};

    private Tls() {}

    /** The host's context: its key and certificate chain from a PKCS#12 file. */
    public static SSLContext serverContext(Path pkcs12, char[] password) {
        return serverContext(loadPkcs12(pkcs12, password), password);
    }

    /** The host's context from a key store already loaded. */
    public static SSLContext serverContext(KeyStore keyStore, char[] password) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, password);
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the TLS key store: " + e.getMessage(), e);
        }
    }

    public static KeyStore loadPkcs12(Path pkcs12, char[] password) {
        try (InputStream in = Files.newInputStream(pkcs12)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the TLS key store " + pkcs12 + ": " + e.getMessage(), e);
        }
    }

    private static final java.util.Map<String, SSLContext> PINNED = new java.util.concurrent.ConcurrentHashMap<>();

    /** A context that trusts only this CA certificate (PEM): the pinned trust anchor. */
    public static SSLContext pinnedContext(String caPem) {
        return pinnedContext(caPem, "");
    }

    /**
     * The pinned context of one client (a terminal: its TID), kept for the process, so that its session cache lets
     * that client resume its TLS 1.3 session on the next connection (a PSK with a fresh ECDHE: forward secrecy kept,
     * no certificate signature or chain check each time). One per client, as each device has its own cache: clients
     * sharing one would take each other's single-use tickets and fall back to full handshakes.
     */
    public static SSLContext pinnedContext(String caPem, String client) {
        return PINNED.computeIfAbsent(client + "\n" + caPem, k -> newPinnedContext(caPem));
    }

    private static SSLContext newPinnedContext(String caPem) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("pinned-ca", certificate(caPem));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the CA certificate: " + e.getMessage(), e);
        }
    }

    public static X509Certificate certificate(String pem) {
        if (pem == null || !pem.contains("BEGIN CERTIFICATE")) {
            throw new IllegalArgumentException("not a PEM certificate");
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage());
        }
    }

    /** SHA-256 of the certificate's DER encoding, hex: what an operator compares out of band. */
    public static String fingerprint(String pem) {
        try {
            return HexFormat.ofDelimiter(":")
                    .withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(certificate(pem).getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks a signature made by the holder of {@code certificatePem}, whose certificate must chain to {@code caPem}
     * (or, when null, to the platform's trust store). Used for the TMS's signed activation answer.
     */
    public static boolean verifySigned(String certificatePem, String caPem, byte[] data, byte[] signature) {
        try {
            X509Certificate cert = certificate(certificatePem);
            java.util.Set<java.security.cert.TrustAnchor> anchors = new java.util.HashSet<>();
            if (caPem != null) {
                anchors.add(new java.security.cert.TrustAnchor(certificate(caPem), null));
            } else {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init((KeyStore) null);
                for (var tm : tmf.getTrustManagers()) {
                    if (tm instanceof javax.net.ssl.X509TrustManager x) {
                        for (X509Certificate c : x.getAcceptedIssuers()) {
                            anchors.add(new java.security.cert.TrustAnchor(c, null));
                        }
                    }
                }
            }
            var params = new java.security.cert.PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            java.security.cert.CertPathValidator.getInstance("PKIX")
                    .validate(
                            CertificateFactory.getInstance("X.509").generateCertPath(java.util.List.of(cert)), params);
            java.security.Signature v = java.security.Signature.getInstance(
                    "EC".equals(cert.getPublicKey().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA");
            v.initVerify(cert.getPublicKey());
            v.update(data);
            return v.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** TLS 1.3 only, and the peer's certificate must name the host connected to (RFC 6125, as HTTPS checks it). */
    public static void harden(SSLSocket socket, boolean client) {
        socket.setEnabledProtocols(PROTOCOLS);
        if (client) {
            SSLParameters p = socket.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(p);
        }
    }

    /** The terminal's side: jPOS's SSL socket factory for the channel, trusting only the pinned CA. */
    public static ISOClientSocketFactory clientSocketFactory(String caPem) {
        return clientSocketFactory(caPem, "");
    }

    /** The same for one client (a terminal's TID), with its own TLS session cache: see {@link #pinnedContext}. */
    public static ISOClientSocketFactory clientSocketFactory(String caPem, String client) {
        return new Pinned(pinnedContext(caPem, client));
    }

    /** A connected, handshaken TLS socket to the host (for tools and tests that speak the frames themselves). */
    public static SSLSocket connect(String caPem, String host, int port) throws IOException {
        SSLSocket s = (SSLSocket) pinnedContext(caPem).getSocketFactory().createSocket(host, port);
        harden(s, true);
        s.startHandshake();
        return s;
    }

    private static final class Pinned extends GenericSSLSocketFactory {
        private final SSLContext context;

        Pinned(SSLContext context) {
            this.context = context;
        }

        @Override
        protected SSLSocketFactory createSocketFactory() {
            SSLSocketFactory f = context.getSocketFactory();
            return new SSLSocketFactory() {
                @Override
                public String[] getDefaultCipherSuites() {
                    return f.getDefaultCipherSuites();
                }

                @Override
                public String[] getSupportedCipherSuites() {
                    return f.getSupportedCipherSuites();
                }

                @Override
                public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
                    return hardened(f.createSocket(s, host, port, autoClose));
                }

                @Override
                public Socket createSocket(String host, int port) throws IOException {
                    return hardened(f.createSocket(host, port));
                }

                @Override
                public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                    return hardened(f.createSocket(host, port, local, localPort));
                }

                @Override
                public Socket createSocket(InetAddress host, int port) throws IOException {
                    return hardened(f.createSocket(host, port));
                }

                @Override
                public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort)
                        throws IOException {
                    return hardened(f.createSocket(address, port, local, localPort));
                }

                private Socket hardened(Socket s) throws IOException {
                    SSLSocket ssl = (SSLSocket) s;
                    harden(ssl, true);
                    ssl.startHandshake(); // fail here, before any message is written, when the host is not trusted
                    return ssl;
                }
            };
        }
    }
}
