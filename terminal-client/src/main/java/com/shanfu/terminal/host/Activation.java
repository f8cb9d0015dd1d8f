package com.shanfu.terminal.host;

import com.shanfu.protocol.crypto.RsaOaep;
import com.shanfu.protocol.crypto.Tdes;
import com.shanfu.protocol.iso.Messages;
import com.shanfu.protocol.iso.SignOnAuth;
import com.shanfu.protocol.iso.WorkingKeys;
import com.shanfu.protocol.management.ActivationRequest;
import com.shanfu.protocol.management.ActivationResponse;
import java.security.KeyPair;
import java.util.Base64;
import java.util.HexFormat;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;

/**
 * Making the terminal ready: activation with the one-time code (the TMS's signed answer, the TMK under the device's
 * own key, the host CA pinned) and the authenticated sign-on that brings the working keys.
 */
final class Activation {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final TerminalService terminal;

    Activation(TerminalService terminal) {
        this.terminal = terminal;
    }

    /**
     * The device's own key pair: the one its factory provisioned ({@code deviceKeyFile}, or {@code <serial>.key} in the
     * factory folder {@code SHANFU_FACTORY_DIR}: base64 PKCS#8), which the TMS knows from the factory list; without
     * one a fresh pair is made, and the TMS refuses it (it is not the registered key).
     */
    static KeyPair deviceKey(String serial, java.nio.file.Path deviceKeyFile) throws HostException {
        java.nio.file.Path file = deviceKeyFile;
        String factory = System.getenv("SHANFU_FACTORY_DIR");
        if (file == null && factory != null && !factory.isBlank()) {
            file = java.nio.file.Path.of(factory, serial + ".key");
        }
        if (file == null || !java.nio.file.Files.exists(file)) {
            return RsaOaep.generateKeyPair();
        }
        try {
            return RsaOaep.keyPair(Base64.getDecoder()
                    .decode(java.nio.file.Files.readString(file).strip()));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new HostException("cannot read the device key " + file + ": " + e.getMessage());
        }
    }

    /**
     * Authenticated sign-on (docs/protocol.md, "Sign-on"): a rising counter and a fresh nonce, MAC'd under the sign-on
     * key of the TMK; the answer must carry the MAC over this request's challenge, and its key blocks must open under
     * the TMK for the use their place says. Anything else is refused and the old keys stay.
     */
    public void signOn() throws HostException {
        terminal.requireActivated();
        int stan = terminal.state().nextStan();
        SignOnAuth.Challenge challenge =
                SignOnAuth.Challenge.fresh(terminal.state().nextSignOnCounter());
        terminal.state().save(terminal.home()); // the counter is spent before the request leaves
        byte[] tmk = HEX.parseHex(terminal.state().tmk());
        try (FinancialChannel channel = terminal.open()) {
            ISOMsg r = channel.exchange(
                    Messages.signOn(
                            terminal.terminal(),
                            terminal.state().serial(),
                            stan,
                            terminal.state().batch(),
                            challenge,
                            tmk,
                            terminal.now()),
                    null);
            TerminalService.requireApproved(r, "sign-on");
            WorkingKeys keys;
            byte[] signOnKey = SignOnAuth.signOnKey(tmk);
            try {
                if (!SignOnAuth.verifyAnswer(r, challenge.field62(), signOnKey)) {
                    throw new HostException("sign-on answer rejected: it is not the host's answer to this sign-on "
                            + "(MAC check failed); the old keys stay");
                }
                keys = WorkingKeys.open(r.getBytes(62), tmk);
            } catch (IllegalArgumentException e) {
                throw new HostException("sign-on answer rejected: " + e.getMessage());
            } finally {
                java.util.Arrays.fill(signOnKey, (byte) 0);
            }
            terminal.state()
                    .signedOnWith(
                            HEX.formatHex(keys.pinKey()),
                            HEX.formatHex(keys.macKey()),
                            HEX.formatHex(keys.dataKey()),
                            terminal.clock().instant());
            terminal.state().save(terminal.home());
        } catch (ISOException e) {
            throw new HostException("sign-on message could not be built: " + e.getMessage());
        } catch (FinancialChannel.UnknownOutcome e) {
            throw new HostException("no answer to sign-on in time: try again");
        } finally {
            java.util.Arrays.fill(tmk, (byte) 0);
        }
    }

    ActivationResponse activate(
            String tmsUrl, String serial, String code, String factoryCaPem, java.nio.file.Path deviceKeyFile)
            throws HostException {
        if (serial == null || !serial.matches("[A-Z0-9-]{6,32}")) {
            throw new HostException("serial must be 6-32 characters A-Z, 0-9 or '-'");
        }
        if (code == null || !code.matches("\\d{8}")) {
            throw new HostException("the activation code has 8 digits");
        }
        KeyPair pair = deviceKey(serial, deviceKeyFile);
        ActivationResponse a = new ManagementClient(tmsUrl, factoryCaPem)
                .activate(new ActivationRequest(
                        serial,
                        code,
                        Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())));
        // the answer is signed by the TMS, for this device's key, with a certificate of the CA this device trusts
        if (a.signature() == null
                || a.tmsCertificate() == null
                || !com.shanfu.protocol.tls.Tls.verifySigned(
                        a.tmsCertificate(),
                        factoryCaPem,
                        a.signedBytes(pair.getPublic().getEncoded()),
                        Base64.getDecoder().decode(a.signature()))) {
            throw new HostException(
                    "the activation answer is not signed by a TMS this device trusts: activation refused");
        }
        byte[] tmk = RsaOaep.unwrap(pair.getPrivate(), Base64.getDecoder().decode(a.wrappedTmk()));
        if (!HEX.formatHex(Tdes.kcv(tmk, 4)).equals(a.tmkKcv())) {
            throw new HostException("the terminal master key failed its key check value: activation refused");
        }
        try {
            com.shanfu.protocol.tls.Tls.certificate(a.hostCa());
        } catch (IllegalArgumentException e) {
            throw new HostException("the TMS gave no CA certificate to pin for the host: activation refused");
        }
        terminal.state()
                .activatedAs(
                        serial,
                        tmsUrl,
                        a.tid(),
                        a.mid(),
                        a.merchantName(),
                        a.hostAddress(),
                        a.hostPort(),
                        a.deviceCredential(),
                        Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
                        HEX.formatHex(tmk),
                        a.tmkKcv(),
                        a.hostCa());
        terminal.state().releaseKeysPinned(a.releaseKeys()); // signed with the rest: checked above
        terminal.state().save(terminal.home());
        return a;
    }
}
