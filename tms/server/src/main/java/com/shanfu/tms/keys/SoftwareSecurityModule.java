package com.shanfu.tms.keys;

import com.shanfu.protocol.crypto.CardDataCipher;
import com.shanfu.protocol.crypto.PinBlock;
import com.shanfu.protocol.crypto.RsaOaep;
import com.shanfu.protocol.crypto.Tdes;
import com.shanfu.protocol.crypto.Tr31;
import com.shanfu.protocol.emv.EmvCrypto;
import com.shanfu.protocol.emv.Tlv;
import com.shanfu.protocol.iso.MessageMac;
import com.shanfu.protocol.iso.SignOnAuth;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A software security module on JCE. The LMK is formed in memory from its custodians' components ({@link Lmk});
 * every key and card number the TMS stores is under it. The keyed hash for card lookups has its own key, kept under
 * the LMK in {@code zone_key} (so re-encrypting under a new LMK leaves every hash valid). Clear keys exist only inside
 * these methods.
 */
@Component
class SoftwareSecurityModule implements SecurityModule {

    private static final Logger log = LoggerFactory.getLogger(SoftwareSecurityModule.class);
    static final String HASH_KEY = "HASH-LOOKUP";

    private final Lmk lmk;
    private final JdbcTemplate jdbc;
    private volatile SecretKeySpec hashKey;
    private final org.springframework.transaction.support.TransactionTemplate ownTransaction;

    SoftwareSecurityModule(@Value("${shanfu.keys.lmk-components:}") String components,
                           @Value("${shanfu.keys.lmk-kcv:}") String expectedKcv, JdbcTemplate jdbc,
                           org.springframework.transaction.PlatformTransactionManager transactions) {
        if (components.isBlank()) {
            throw new IllegalStateException("no LMK: set shanfu.keys.lmk-components (SHANFU_LMK_COMPONENTS) to the "
                    + "custodians' component files, comma-separated; infra/shanfu keys ceremony makes them");
        }
        this.lmk = Lmk.fromComponents(Lmk.paths(components));
        if (!expectedKcv.isBlank() && !expectedKcv.equalsIgnoreCase(lmk.checkValue())) {
            throw new IllegalStateException("the LMK formed from the components has check value " + lmk.checkValue()
                    + ", not the configured " + expectedKcv + " (shanfu.keys.lmk-kcv): a component is wrong or missing");
        }
        if (expectedKcv.isBlank()) {
            log.warn("shanfu.keys.lmk-kcv is not set: the LMK ({}) is not checked against its ceremony's check value",
                    lmk.checkValue());
        }
        this.jdbc = jdbc;
        if (transactions != null) { // its own transaction, also when first asked inside a read-only one
            this.ownTransaction = new org.springframework.transaction.support.TransactionTemplate(transactions);
            this.ownTransaction.setPropagationBehavior(
                    org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        } else {
            this.ownTransaction = null;
        }
    }

    /** The lookup-hash key, created under the LMK on first use and then only read. */
    private SecretKeySpec hashKey() {
        SecretKeySpec k = hashKey;
        if (k == null) {
            synchronized (this) {
                if (hashKey == null) {
                    ownTransaction.executeWithoutResult(status -> loadOrCreateHashKey());
                }
                k = hashKey;
            }
        }
        return k;
    }

    private void loadOrCreateHashKey() {
                    byte[] fresh = Lmk.randomComponent();
                    jdbc.update("insert ignore into zone_key (name, key_lmk, kcv, created_at) values (?, ?, ?, current_timestamp(3))",
                            HASH_KEY, lmk.encrypt(fresh), HexFormat.of().withUpperCase().formatHex(
                                    Arrays.copyOf(hmac(fresh, new byte[16]), 3)));
                    Arrays.fill(fresh, (byte) 0);
                    byte[] stored = lmk.decrypt(jdbc.queryForObject("select key_lmk from zone_key where name = ?",
                            byte[].class, HASH_KEY));
                    hashKey = new SecretKeySpec(stored, "HmacSHA256");
                    Arrays.fill(stored, (byte) 0);
    }

    @Override
    public LmkKey generateKey() {
        byte[] clear = Tdes.generateKey();
        try {
            return new LmkKey(encryptData(clear), HexFormat.of().withUpperCase().formatHex(Tdes.kcv(clear, 4)));
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    @Override
    public byte[] exportUnderRsa(LmkKey key, PublicKey devicePublicKey) {
        byte[] clear = decryptData(key.underLmk());
        try {
            return RsaOaep.wrap(devicePublicKey, clear);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    @Override
    public byte[] exportUnderKek(LmkKey key, LmkKey kek) {
        byte[] clear = decryptData(key.underLmk());
        byte[] clearKek = decryptData(kek.underLmk());
        try {
            return Tdes.encrypt(clearKek, clear);
        } finally {
            Arrays.fill(clear, (byte) 0);
            Arrays.fill(clearKek, (byte) 0);
        }
    }

    @Override
    public String exportKeyBlock(LmkKey key, LmkKey kbpk, Tr31.Usage usage) {
        byte[] clear = decryptData(key.underLmk());
        byte[] clearKbpk = decryptData(kbpk.underLmk());
        try {
            return Tr31.wrap(clearKbpk, usage, clear);
        } finally {
            Arrays.fill(clear, (byte) 0);
            Arrays.fill(clearKbpk, (byte) 0);
        }
    }

    @Override
    public boolean verifySignOn(ISOMsg request, LmkKey tmk) {
        byte[] clear = decryptData(tmk.underLmk());
        byte[] key = SignOnAuth.signOnKey(clear);
        try {
            return SignOnAuth.verifyRequest(request, key);
        } catch (ISOException e) {
            return false;
        } finally {
            Arrays.fill(clear, (byte) 0);
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public void signSignOnAnswer(ISOMsg answer, byte[] requestField62, LmkKey tmk) {
        byte[] clear = decryptData(tmk.underLmk());
        byte[] key = SignOnAuth.signOnKey(clear);
        try {
            SignOnAuth.signAnswer(answer, requestField62, key);
        } catch (ISOException e) {
            throw new IllegalArgumentException("sign-on answer cannot be packed for MAC", e);
        } finally {
            Arrays.fill(clear, (byte) 0);
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public CardDataCipher.Clear decryptCardData(byte[] field35, LmkKey dataKey) {
        if (dataKey == null) {
            throw new IllegalArgumentException("no data key: sign on first");
        }
        byte[] clear = decryptData(dataKey.underLmk());
        try {
            return CardDataCipher.decrypt(clear, field35);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    @Override
    public void signMac(ISOMsg msg, LmkKey macKey) {
        byte[] clear = decryptData(macKey.underLmk());
        try {
            MessageMac.sign(msg, clear);
        } catch (ISOException e) {
            throw new IllegalArgumentException("message cannot be packed for MAC", e);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    @Override
    public boolean verifyMac(ISOMsg msg, LmkKey macKey) {
        byte[] clear = decryptData(macKey.underLmk());
        try {
            return MessageMac.verify(msg, clear);
        } catch (ISOException e) {
            return false;
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    @Override
    public EmvResult verifyArqc(LmkKey issuerMasterKey, String pan, String panSequence, byte[] iccData, String arc) {
        Tlv tlv = Tlv.parse(iccData);
        byte[] imk = decryptData(issuerMasterKey.underLmk());
        byte[] cardKey = EmvCrypto.cardMasterKey(imk, pan, panSequence);
        Arrays.fill(imk, (byte) 0);
        try {
            byte[] expected = EmvCrypto.arqc(cardKey, tlv);
            byte[] received = tlv.require("9F26");
            boolean valid = Tdes.constantTimeEquals(expected, received);
            return new EmvResult(valid, EmvCrypto.arpc(cardKey, tlv.require("9F36"), received, arc));
        } finally {
            Arrays.fill(cardKey, (byte) 0);
        }
    }

    @Override
    public boolean verifyPin(byte[] encryptedPinBlock, LmkKey pinKey, String pan, String expectedValue) {
        if (encryptedPinBlock == null || encryptedPinBlock.length != 8 || pinKey == null || expectedValue == null) {
            return false;
        }
        byte[] key = decryptData(pinKey.underLmk());
        byte[] block = Tdes.decrypt(key, encryptedPinBlock);
        try {
            String value = pinVerificationValue(pan, PinBlock.pin(block, pan));
            return java.security.MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
                    expectedValue.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return false;
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(block, (byte) 0);
        }
    }

    @Override
    public java.util.Optional<byte[]> translatePin(byte[] encryptedPinBlock, LmkKey from, LmkKey to, String pan) {
        if (encryptedPinBlock == null || encryptedPinBlock.length != 8 || from == null || to == null) {
            return java.util.Optional.empty();
        }
        byte[] source = decryptData(from.underLmk());
        byte[] target = decryptData(to.underLmk());
        byte[] block = Tdes.decrypt(source, encryptedPinBlock);
        try {
            PinBlock.pin(block, pan); // refuses a block that is not format 0 for this card
            return java.util.Optional.of(Tdes.encrypt(target, block));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        } finally {
            Arrays.fill(source, (byte) 0);
            Arrays.fill(target, (byte) 0);
            Arrays.fill(block, (byte) 0);
        }
    }

    @Override
    public String pinVerificationValue(String pan, String pin) {
        return lookupHash("pin:" + pan + ":" + pin);
    }

    @Override
    public byte[] encryptData(byte[] clear) {
        return lmk.encrypt(clear);
    }

    @Override
    public byte[] decryptData(byte[] encrypted) {
        return lmk.decrypt(encrypted);
    }

    @Override
    public LmkKey importKey(byte[] clear) {
        return new LmkKey(encryptData(clear), HexFormat.of().withUpperCase().formatHex(Tdes.kcv(clear, 4)));
    }

    @Override
    public String lookupHash(String value) {
        return HexFormat.of().formatHex(hmac(hashKey().getEncoded(), value.getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
