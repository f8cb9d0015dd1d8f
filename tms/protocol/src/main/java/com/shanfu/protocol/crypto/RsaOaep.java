package com.shanfu.protocol.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * Remote key loading: the TMS wraps the TMK under the device's RSA public key with RSA-OAEP, SHA-256 for both the
 * hash and MGF1 (named explicitly: the JCE default for MGF1 would be SHA-1).
 */
public final class RsaOaep {

    public static final int MIN_KEY_BITS = 2048;
    private static final OAEPParameterSpec OAEP_SHA256 =
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private RsaOaep() {}

    public static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(MIN_KEY_BITS);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA unavailable", e);
        }
    }

    /** Parses an X.509 SubjectPublicKeyInfo; refuses keys shorter than 2048 bits. */
    /** A device key pair from its PKCS#8 private key (RSA, CRT form): the public half is derived from it. */
    public static KeyPair keyPair(byte[] pkcs8) {
        try {
            java.security.KeyFactory f = java.security.KeyFactory.getInstance("RSA");
            var priv = (java.security.interfaces.RSAPrivateCrtKey)
                    f.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8));
            PublicKey pub = f.generatePublic(
                    new java.security.spec.RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
            return new KeyPair(pub, priv);
        } catch (java.security.GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not a PKCS#8 RSA private key");
        }
    }

    public static PublicKey publicKey(byte[] x509) {
        try {
            var key = (java.security.interfaces.RSAPublicKey)
                    KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(x509));
            if (key.getModulus().bitLength() < MIN_KEY_BITS) {
                throw new IllegalArgumentException("RSA public key must be at least " + MIN_KEY_BITS + " bits");
            }
            return key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not an RSA public key", e);
        }
    }

    public static byte[] wrap(PublicKey key, byte[] secret) {
        return run(Cipher.ENCRYPT_MODE, key, secret);
    }

    public static byte[] unwrap(PrivateKey key, byte[] wrapped) {
        return run(Cipher.DECRYPT_MODE, key, wrapped);
    }

    private static byte[] run(int mode, java.security.Key key, byte[] data) {
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(mode, key, OAEP_SHA256);
            return cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("RSA-OAEP failed", e);
        }
    }
}
