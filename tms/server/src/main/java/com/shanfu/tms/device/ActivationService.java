package com.shanfu.tms.device;

import com.shanfu.protocol.crypto.RsaOaep;
import com.shanfu.protocol.management.ActivationRequest;
import com.shanfu.protocol.management.ActivationResponse;
import com.shanfu.protocol.management.HeartbeatRequest;
import com.shanfu.tms.contract.DeviceStatus;
import com.shanfu.tms.keys.LmkKey;
import com.shanfu.tms.keys.SecurityModule;
import com.shanfu.tms.keys.TerminalKey;
import com.shanfu.tms.keys.TerminalKeyRepository;
import com.shanfu.tms.web.TmsException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Activation with remote key loading (docs/protocol.md): the one-time code binds the device, the security module
 * generates its TMK and returns it wrapped under the device's RSA key. Wrong codes are counted durably; at the limit
 * the serial is locked until staff issue a new code.
 */
@Service
public class ActivationService {

    private final DeviceRepository devices;
    private final DeviceService lifecycle;
    private final TerminalKeyRepository keys;
    private final SecurityModule securityModule;
    private final Clock clock;
    private final com.shanfu.tms.keys.TlsMaterial tls;
    private final int maxFailures;
    private final String hostAddress;
    private final int hostPort;
    private final com.shanfu.tms.keys.ReleaseKeys releaseKeys;

    ActivationService(
            DeviceRepository devices,
            DeviceService lifecycle,
            TerminalKeyRepository keys,
            SecurityModule securityModule,
            Clock clock,
            com.shanfu.tms.keys.TlsMaterial tls,
            @Value("${shanfu.activation.max-failures}") int maxFailures,
            @Value("${shanfu.iso.public-host}") String hostAddress,
            @Value("${shanfu.iso.public-port}") int hostPort,
            com.shanfu.tms.keys.ReleaseKeys releaseKeys) {
        this.releaseKeys = releaseKeys;
        this.tls = tls;
        this.devices = devices;
        this.lifecycle = lifecycle;
        this.keys = keys;
        this.securityModule = securityModule;
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.hostAddress = hostAddress;
        this.hostPort = hostPort;
    }

    @Transactional(noRollbackFor = TmsException.class)
    public ActivationResponse activate(ActivationRequest request) {
        if (request == null
                || blank(request.serial())
                || blank(request.activationCode())
                || blank(request.publicKey())) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST, "invalid-request", "serial, activationCode and publicKey are required");
        }
        PublicKey devicePublicKey;
        try {
            devicePublicKey = RsaOaep.publicKey(Base64.getDecoder().decode(request.publicKey()));
        } catch (IllegalArgumentException e) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST,
                    "invalid-public-key",
                    "publicKey must be a base64 X.509 RSA public key of at least " + RsaOaep.MIN_KEY_BITS + " bits");
        }
        Device device = devices.findBySerial(request.serial())
                .orElseThrow(() ->
                        new TmsException(HttpStatus.NOT_FOUND, "unknown-serial", "no device with this serial number"));
        if (device.status() != DeviceStatus.SHIPPED || device.activationCodeHash() == null) {
            throw new TmsException(
                    HttpStatus.CONFLICT,
                    "not-activatable",
                    "this device is " + device.status() + " and has no activation code outstanding");
        }
        if (device.activationFailures() >= maxFailures) {
            throw new TmsException(
                    HttpStatus.LOCKED, "activation-locked", "too many wrong activation codes: ask for a new code");
        }
        if (clock.instant().isAfter(device.activationExpiresAt())) {
            throw new TmsException(
                    HttpStatus.GONE, "code-expired", "the activation code has expired: ask for a new code");
        }
        String presented =
                Secrets.hash(device.serial(), request.activationCode().trim());
        if (!MessageDigest.isEqual(
                presented.getBytes(), device.activationCodeHash().getBytes())) {
            int failures = device.recordActivationFailure();
            int left = Math.max(0, maxFailures - failures);
            throw new TmsException(
                    HttpStatus.FORBIDDEN,
                    left == 0 ? "activation-locked" : "wrong-code",
                    left == 0
                            ? "wrong activation code; the device is now locked: ask for a new code"
                            : "wrong activation code; " + left + " tries left");
        }
        // bound to the device: only the key pair registered for this serial at stock import may receive the TMK
        if (device.devicePublicKey() == null) {
            throw new TmsException(
                    HttpStatus.CONFLICT,
                    "no-registered-key",
                    "device " + device.serial()
                            + " has no key registered from the factory list: import it with its public key");
        }
        if (!MessageDigest.isEqual(device.devicePublicKey(), devicePublicKey.getEncoded())) {
            int failures = device.recordActivationFailure();
            int left = Math.max(0, maxFailures - failures);
            throw new TmsException(
                    HttpStatus.FORBIDDEN,
                    left == 0 ? "activation-locked" : "unregistered-key",
                    "this public key is not the one registered for device " + device.serial() + " at stock import"
                            + (left == 0
                                    ? "; the device is now locked: ask for a new code"
                                    : "; " + left + " tries left"));
        }
        LmkKey tmk = securityModule.generateKey();
        keys.findById(device.id())
                .ifPresentOrElse(k -> k.replaceTmk(tmk), () -> keys.save(new TerminalKey(device.id(), tmk)));
        String credential = Secrets.credential();
        device.bind(Secrets.credentialHash(credential));
        lifecycle.transition(
                device, DeviceStatus.ACTIVE, "device:" + device.serial(), "activated with its one-time code");
        ActivationResponse unsigned = new ActivationResponse(
                device.tid(),
                device.merchant().mid(),
                device.merchant().name(),
                hostAddress,
                hostPort,
                Base64.getEncoder().encodeToString(securityModule.exportUnderRsa(tmk, devicePublicKey)),
                tmk.kcv(),
                credential,
                tls.caPem(),
                tls.certificatePem(),
                releaseKeys.forTerminals(),
                null);
        // signed by the TMS, bound to this device's key: the device checks it against the CA it trusts
        String signature = tls.sign(unsigned.signedBytes(devicePublicKey.getEncoded()));
        return new ActivationResponse(
                unsigned.tid(),
                unsigned.mid(),
                unsigned.merchantName(),
                unsigned.hostAddress(),
                unsigned.hostPort(),
                unsigned.wrappedTmk(),
                unsigned.tmkKcv(),
                unsigned.deviceCredential(),
                unsigned.hostCa(),
                unsigned.tmsCertificate(),
                unsigned.releaseKeys(),
                signature);
    }

    /** The active device a credential belongs to (any contact counts as "seen"); others are refused. */
    @Transactional
    public Device authenticate(String credential) {
        Device device = credentialOwner(credential);
        device.contacted(clock.instant());
        return device;
    }

    private Device credentialOwner(String credential) {
        if (blank(credential)) {
            throw new TmsException(HttpStatus.UNAUTHORIZED, "no-credential", "the device credential header is missing");
        }
        Device device = devices.findByCredentialHash(Secrets.credentialHash(credential))
                .orElseThrow(
                        () -> new TmsException(HttpStatus.UNAUTHORIZED, "bad-credential", "unknown device credential"));
        if (device.status() != DeviceStatus.ACTIVE) {
            throw new TmsException(
                    HttpStatus.FORBIDDEN,
                    "terminal-" + device.status().name().toLowerCase(),
                    "this terminal is " + device.status());
        }
        return device;
    }

    /** The device a management-channel credential belongs to; suspended and retired devices are refused. */
    @Transactional
    public Device heartbeat(String credential, HeartbeatRequest request) {
        Device device = credentialOwner(credential);
        if (request != null && request.tid() != null && !request.tid().equals(device.tid())) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST, "tid-mismatch", "the TID does not belong to this credential");
        }
        String link = request == null ? null : request.connectivity();
        if (link != null && !HeartbeatRequest.CONNECTIVITY.contains(link)) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST,
                    "bad-connectivity",
                    "connectivity must be one of " + HeartbeatRequest.CONNECTIVITY);
        }
        Integer signal = request == null ? null : request.signalDbm();
        if (signal != null && (signal < HeartbeatRequest.MIN_SIGNAL_DBM || signal > HeartbeatRequest.MAX_SIGNAL_DBM)) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST,
                    "bad-signal",
                    "signalDbm must be between " + HeartbeatRequest.MIN_SIGNAL_DBM + " and "
                            + HeartbeatRequest.MAX_SIGNAL_DBM);
        }
        device.seen(
                request == null ? null : request.softwareVersion(),
                request == null ? null : request.batteryPercent(),
                request == null ? null : request.paperPresent(),
                request == null ? null : request.batch(),
                link,
                signal,
                clock.instant());
        return device;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
