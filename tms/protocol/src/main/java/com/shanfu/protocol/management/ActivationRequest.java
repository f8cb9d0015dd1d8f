package com.shanfu.protocol.management;

/**
 * {@code POST /api/terminal/v1/activate}: the device's serial, the one-time activation code printed on the
 * packing slip, and the device's RSA public key (X.509 SubjectPublicKeyInfo, base64).
 */
public record ActivationRequest(String serial, String activationCode, String publicKey) {

    public static final String PATH = "/api/terminal/v1/activate";
}
