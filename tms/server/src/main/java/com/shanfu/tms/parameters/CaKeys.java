package com.shanfu.tms.parameters;

import com.shanfu.protocol.iso.Parameters;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The CA public keys the host hands to terminals; imported by operators (or generated for the demo schemes). */
@Service
public class CaKeys {

    private final CaPublicKeyRepository keys;
    private final Clock clock;

    CaKeys(CaPublicKeyRepository keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<Parameters.CaKey> all() {
        return keys.all().stream()
                .map(CaPublicKey::toKey)
                .sorted(Comparator.comparing((Parameters.CaKey k) -> k.ref().rid())
                        .thenComparing(k -> k.ref().index()))
                .toList();
    }

    @Transactional(readOnly = true)
    public Optional<Parameters.CaKey> find(String rid, int index) {
        return keys.findById(new CaPublicKey.Id(rid, index)).map(CaPublicKey::toKey);
    }

    /** Adds or replaces a key; the record's checks (lengths, exponent, expiry format) refuse a bad one. */
    @Transactional
    public Parameters.CaKey put(Parameters.CaKey key) {
        keys.save(new CaPublicKey(key, clock.instant()));
        return key;
    }

    /** For the demo: an RSA key of 1408 bits per scheme RID that has none, valid for five years. */
    @Transactional
    public void ensureDemoKeys(List<String> rids) {
        java.util.Set<String> held = new java.util.HashSet<>();
        keys.findAll().forEach(k -> held.add(k.toKey().ref().rid()));
        for (String rid : rids) {
            if (!held.contains(rid)) {
                put(generated(rid, 0x0B, LocalDate.now(clock).plusYears(5)));
            }
        }
    }

    static Parameters.CaKey generated(String rid, int index, LocalDate expiry) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(new java.security.spec.RSAKeyGenParameterSpec(1408, BigInteger.valueOf(3)));
            RSAPublicKey pub = (RSAPublicKey) g.generateKeyPair().getPublic();
            String modulus = String.format("%0352X", pub.getModulus());
            return new Parameters.CaKey(
                    new Parameters.CaKeyRef(rid, index, expiry.format(DateTimeFormatter.BASIC_ISO_DATE)),
                    modulus,
                    "03");
        } catch (NoSuchAlgorithmException | java.security.InvalidAlgorithmParameterException e) {
            throw new IllegalStateException(e);
        }
    }
}
