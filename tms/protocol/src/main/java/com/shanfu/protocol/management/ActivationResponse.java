package com.shanfu.protocol.management;

/**
 * The answer to an activation: identities, where the financial host listens, the TMK wrapped under the device's
 * public key (RSA-OAEP-SHA256, base64) with its KCV (hex, 4 bytes), and the credential for later management calls.
 */
public record ActivationResponse(String tid, String mid, String merchantName, String hostAddress, int hostPort,
                                 String wrappedTmk, String tmkKcv, String deviceCredential) {
}
