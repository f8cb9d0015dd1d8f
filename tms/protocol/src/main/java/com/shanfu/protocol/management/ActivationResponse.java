package com.shanfu.protocol.management;

/**
 * The answer to an activation: identities, where the financial host listens, the TMK wrapped under the device's
 * public key (RSA-OAEP-SHA256, base64) with its KCV (hex, 4 bytes), the credential for later management calls, and
 * the CA certificate (PEM) the terminal pins for the financial channel's TLS.
 */
public record ActivationResponse(String tid, String mid, String merchantName, String hostAddress, int hostPort,
                                 String wrappedTmk, String tmkKcv, String deviceCredential, String hostCa) {
}
