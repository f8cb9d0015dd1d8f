package com.shanfu.protocol.management;

/**
 * The answer to an activation: identities, where the financial host listens, the TMK wrapped under the device's
 * public key (RSA-OAEP-SHA256, base64) with its KCV (hex, 4 bytes), the credential for later management calls, and
 * the CA certificate (PEM) the terminal pins for the financial channel's TLS. The TMS signs the answer
 * ({@code signature}, base64, SHA256withECDSA or SHA256withRSA by its key type) with the key of its certificate
 * ({@code tmsCertificate}, PEM), which must chain to the CA the device trusts; {@link #signedText} is what is signed.
 */
public record ActivationResponse(
        String tid,
        String mid,
        String merchantName,
        String hostAddress,
        int hostPort,
        String wrappedTmk,
        String tmkKcv,
        String deviceCredential,
        String hostCa,
        String tmsCertificate,
        /* the release keys software packages must be signed with (base64 X.509 Ed25519, comma-separated; may be none) */
        String releaseKeys,
        String signature) {

    /**
     * What the TMS signs and the device checks: {@link #signedText} for this device public key (X.509), in UTF-8.
     * Written once for both sides.
     */
    public byte[] signedBytes(byte[] devicePublicKeyX509) {
        try {
            String keyHash = java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(devicePublicKeyX509));
            return signedText(keyHash).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signed fields, each on its own line in this order (the device public key's hash binds it to the request). */
    public String signedText(String devicePublicKeySha256) { // UTF-8 when signed
        return String.join(
                "\n",
                "shanfu-activation-v1",
                tid,
                mid,
                merchantName == null ? "" : merchantName,
                hostAddress,
                String.valueOf(hostPort),
                wrappedTmk,
                tmkKcv,
                deviceCredential,
                hostCa == null ? "" : hostCa,
                releaseKeys == null ? "" : releaseKeys,
                devicePublicKeySha256);
    }
}
