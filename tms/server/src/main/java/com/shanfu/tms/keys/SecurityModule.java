package com.shanfu.tms.keys;

import java.security.PublicKey;
import org.jpos.iso.ISOMsg;

/**
 * The port to the security module. Keys leave it only encrypted: under the local master key (LMK) for storage,
 * under a terminal's RSA key or TMK for delivery. A hardware HSM adapter can replace the software one.
 */
public interface SecurityModule {

    /** A fresh double-length TDES key, returned under the LMK with its KCV. */
    LmkKey generateKey();

    /** The key wrapped under a device's RSA public key (RSA-OAEP-SHA256), for remote key loading of the TMK. */
    byte[] exportUnderRsa(LmkKey key, PublicKey devicePublicKey);

    /** The key encrypted under another key (TDES ECB), for working keys under the TMK. */
    byte[] exportUnderKek(LmkKey key, LmkKey kek);

    /** A working key as a TR-31 key block under a key block protection key (the TMK), bound to its use. */
    String exportKeyBlock(LmkKey key, LmkKey kbpk, com.shanfu.protocol.crypto.Tr31.Usage usage);

    /** Checks a sign-on request's MAC under the sign-on key derived from this TMK (docs/protocol.md, "Sign-on"). */
    boolean verifySignOn(ISOMsg request, LmkKey tmk);

    /** Signs a sign-on answer under the sign-on key of this TMK, bound to the request's challenge (its field 62). */
    void signSignOnAnswer(ISOMsg answer, byte[] requestField62, LmkKey tmk);

    /**
     * Decrypts field 35 of a purchase (PAN and track 2 equivalent under the terminal's data key). Throws
     * IllegalArgumentException when it does not decrypt under this key.
     */
    com.shanfu.protocol.crypto.CardDataCipher.Clear decryptCardData(byte[] field35, LmkKey dataKey);

    void signMac(ISOMsg msg, LmkKey macKey);

    boolean verifyMac(ISOMsg msg, LmkKey macKey);

    /** Verifies an EMV ARQC and computes the ARPC, with the card key derived from an issuer master key. */
    EmvResult verifyArqc(LmkKey issuerMasterKey, String pan, String panSequence, byte[] iccData, String arc);

    /** A clear key brought in (an issuer key from its components) to be kept only under the LMK. */
    LmkKey importKey(byte[] clear);

    record EmvResult(boolean arqcValid, byte[] arpc) {}

    /**
     * Verifies an online PIN: the ISO 9564 format 0 block encrypted under the terminal's PIN key, against the
     * issuer's PIN verification value ({@link #pinVerificationValue}). The clear PIN never leaves the module.
     */
    boolean verifyPin(byte[] encryptedPinBlock, LmkKey pinKey, String pan, String expectedValue);

    /**
     * Translates an ISO 9564 format 0 PIN block from one key to another inside the module (the terminal's PIN key
     * to the zone PIN key shared with the issuer). Empty when the block does not decrypt to a valid format 0 block
     * for this PAN; the clear block never leaves the module.
     */
    java.util.Optional<byte[]> translatePin(byte[] encryptedPinBlock, LmkKey from, LmkKey to, String pan);

    /** The keyed hash the issuer stores instead of a PIN. */
    String pinVerificationValue(String pan, String pin);

    /** Card data at rest: encrypted under the LMK, and a keyed hash for lookups. */
    byte[] encryptData(byte[] clear);

    byte[] decryptData(byte[] encrypted);

    String lookupHash(String value);
}
