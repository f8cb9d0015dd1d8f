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
import org.jpos.security.BaseSMAdapter;
import org.jpos.security.CipherMode;
import org.jpos.security.EncryptedPIN;
import org.jpos.security.SMAdapter;
import org.jpos.security.SMException;
import org.jpos.security.SecureDESKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

// Longer than 300 lines: jPOS's SMAdapter contract: one method per security module command, kept with the key checks
// they share.
/**
 * A software security module on JCE, and a jPOS {@link org.jpos.security.SMAdapter}: the standard operations an HSM
 * offers (generate, import and export a key under a KEK, key check values, PIN translation, data encryption under a
 * data key) are its {@code *Impl} methods of jPOS's {@link BaseSMAdapter}, and the TMS's own port
 * ({@link SecurityModule}) goes through them; a hardware module's jPOS adapter takes its place by configuration
 * ({@code shanfu.keys.security-module}, see {@link SecurityModules}). The LMK is formed in memory from its custodians'
 * components ({@link Lmk}); every key and card number the TMS stores is under it. The keyed hash for card lookups has
 * its own key, kept under the LMK in {@code zone_key} (so re-encrypting under a new LMK leaves every hash valid).
 * Clear keys exist only inside these methods.
 */
public class SoftwareSecurityModule extends BaseSMAdapter<SecureDESKey> implements SecurityModule {

    private static final Logger log = LoggerFactory.getLogger(SoftwareSecurityModule.class);
    static final String HASH_KEY = "HASH-LOOKUP";

    private final Lmk lmk;
    private final JdbcTemplate jdbc;
    private volatile SecretKeySpec hashKey;
    private final org.springframework.transaction.support.TransactionTemplate ownTransaction;

    public SoftwareSecurityModule(
            String components,
            String expectedKcv,
            JdbcTemplate jdbc,
            org.springframework.transaction.PlatformTransactionManager transactions) {
        if (components.isBlank()) {
            throw new IllegalStateException("no LMK: set shanfu.keys.lmk-components (SHANFU_LMK_COMPONENTS) to the "
                    + "custodians' component files, comma-separated; infra/shanfu keys ceremony makes them");
        }
        this.lmk = Lmk.fromComponents(Lmk.paths(components));
        if (!expectedKcv.isBlank() && !expectedKcv.equalsIgnoreCase(lmk.checkValue())) {
            throw new IllegalStateException(
                    "the LMK formed from the components has check value " + lmk.checkValue() + ", not the configured "
                            + expectedKcv + " (shanfu.keys.lmk-kcv): a component is wrong or missing");
        }
        if (expectedKcv.isBlank()) {
            log.warn(
                    "shanfu.keys.lmk-kcv is not set: the LMK ({}) is not checked against its ceremony's check value",
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
        jdbc.update(
                "insert ignore into zone_key (name, key_lmk, kcv, created_at) values (?, ?, ?, current_timestamp(3))",
                HASH_KEY,
                lmk.encrypt(fresh),
                HexFormat.of().withUpperCase().formatHex(Arrays.copyOf(hmac(fresh, new byte[16]), 3)));
        Arrays.fill(fresh, (byte) 0);
        byte[] stored =
                lmk.decrypt(jdbc.queryForObject("select key_lmk from zone_key where name = ?", byte[].class, HASH_KEY));
        hashKey = new SecretKeySpec(stored, "HmacSHA256");
        Arrays.fill(stored, (byte) 0);
    }

    @Override
    public LmkKey generateKey() {
        return lmkKey(sm(() -> generateKey(SMAdapter.LENGTH_DES3_2KEY, SMAdapter.TYPE_TMK)));
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
        return sm(() -> exportKey(secure(key, SMAdapter.TYPE_TPK), secure(kek, SMAdapter.TYPE_TMK)));
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
        byte[] iv = CardDataCipher.iv(field35);
        byte[] cryptogram = CardDataCipher.cryptogram(field35);
        byte[] clear;
        try {
            clear = decryptData(CipherMode.CBC, secure(dataKey, SMAdapter.TYPE_DEK), cryptogram, iv);
        } catch (SMException e) {
            throw new IllegalArgumentException("field 35 does not decrypt under this data key", e);
        }
        return CardDataCipher.parse(clear);
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

    /** Through jPOS's verifyARQCGenerateARPC: option A card keys, EMV common session keys, ARPC method 1. */
    @Override
    public EmvResult verifyArqc(LmkKey issuerMasterKey, String pan, String panSequence, byte[] iccData, String arc) {
        Tlv tlv = Tlv.parse(iccData);
        byte[] received = tlv.require("9F26");
        byte[] arcBytes = arc.getBytes(StandardCharsets.US_ASCII);
        SecureDESKey imk = secure(issuerMasterKey, SMAdapter.TYPE_MK_AC);
        try {
            byte[] arpc = verifyARQCGenerateARPC(
                    org.jpos.security.MKDMethod.OPTION_A,
                    org.jpos.security.SKDMethod.EMV_CSKD,
                    imk,
                    pan,
                    panSequence,
                    received,
                    tlv.require("9F36"),
                    null,
                    EmvCrypto.arqcInput(tlv),
                    org.jpos.security.ARPCMethod.METHOD_1,
                    arcBytes,
                    null);
            if (arpc != null) {
                return new EmvResult(true, arpc);
            }
        } catch (SMException e) {
            throw new IllegalStateException("security module: " + e.getMessage(), e);
        }
        // not valid: the answer still carries an ARPC, for the card to see the decline came from its issuer
        byte[] clearImk = decryptData(issuerMasterKey.underLmk());
        byte[] cardKey = EmvCrypto.cardMasterKey(clearImk, pan, panSequence);
        Arrays.fill(clearImk, (byte) 0);
        try {
            return new EmvResult(false, EmvCrypto.arpc(cardKey, tlv.require("9F36"), received, arc));
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
            return java.security.MessageDigest.isEqual(
                    value.getBytes(StandardCharsets.US_ASCII), expectedValue.getBytes(StandardCharsets.US_ASCII));
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
        try {
            EncryptedPIN translated = translatePIN(
                    new EncryptedPIN(encryptedPinBlock, SMAdapter.FORMAT01, pan),
                    secure(from, SMAdapter.TYPE_TPK),
                    secure(to, SMAdapter.TYPE_ZPK),
                    SMAdapter.FORMAT01);
            return java.util.Optional.of(translated.getPINBlock());
        } catch (SMException e) {
            return java.util.Optional.empty();
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

    // ---------------------------------------------------------------- jPOS SMAdapter, on the same LMK
    // A SecureDESKey here holds the key under the LMK (AES-256-GCM, see Lmk) and its 3-byte check value.

    /** A stored key as jPOS's adapters take it. */
    static SecureDESKey secure(LmkKey key, String type) {
        if (key == null) {
            throw new IllegalArgumentException("no key");
        }
        return new SecureDESKey(
                SMAdapter.LENGTH_DES3_2KEY,
                type,
                key.underLmk(),
                key.kcv() == null ? null : Arrays.copyOf(HexFormat.of().parseHex(key.kcv()), 3));
    }

    private LmkKey lmkKey(SecureDESKey key) {
        byte[] clear = decryptData(key.getKeyBytes());
        try {
            return new LmkKey(key.getKeyBytes(), HexFormat.of().withUpperCase().formatHex(Tdes.kcv(clear, 4)));
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    private interface SmCall<T> {
        T call() throws SMException;
    }

    private static <T> T sm(SmCall<T> call) {
        try {
            return call.call();
        } catch (SMException e) {
            throw new IllegalStateException("security module: " + e.getMessage(), e);
        }
    }

    private byte[] clear(SecureDESKey key) throws SMException {
        if (key == null || key.getKeyBytes() == null) {
            throw new SMException("no key");
        }
        byte[] clear;
        try {
            clear = decryptData(key.getKeyBytes());
        } catch (RuntimeException e) {
            throw new SMException("the key is not under this module's LMK");
        }
        if (clear.length != Tdes.KEY_LENGTH) {
            Arrays.fill(clear, (byte) 0);
            throw new SMException("only double-length TDES keys are kept here, not " + clear.length * 8 + " bits");
        }
        return clear;
    }

    private static void requireDoubleLength(short keyLength) throws SMException {
        if (keyLength != SMAdapter.LENGTH_DES3_2KEY) {
            throw new SMException(
                    "only double-length TDES keys (" + SMAdapter.LENGTH_DES3_2KEY + " bits), not " + keyLength);
        }
    }

    @Override
    protected SecureDESKey generateKeyImpl(short keyLength, String keyType) throws SMException {
        requireDoubleLength(keyLength);
        byte[] clear = Tdes.generateKey();
        try {
            return new SecureDESKey(keyLength, keyType, encryptData(clear), Tdes.kcv(clear, 3));
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    @Override
    protected byte[] generateKeyCheckValueImpl(SecureDESKey key) throws SMException {
        byte[] clear = clear(key);
        try {
            return Tdes.kcv(clear, 3);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    /** A key under a KEK (TDES ECB) brought under the LMK; with checkParity, a key without odd parity is refused. */
    @Override
    protected SecureDESKey importKeyImpl(
            short keyLength, String keyType, byte[] encryptedKey, SecureDESKey kek, boolean checkParity)
            throws SMException {
        requireDoubleLength(keyLength);
        if (encryptedKey == null || encryptedKey.length != Tdes.KEY_LENGTH) {
            throw new SMException("a double-length key under a KEK is 16 bytes");
        }
        byte[] clearKek = clear(kek);
        byte[] clear = Tdes.decrypt(clearKek, encryptedKey);
        try {
            if (checkParity && !Arrays.equals(clear, Tdes.withOddParity(clear))) {
                throw new SMException("the imported key does not have odd parity: wrong KEK or damaged key");
            }
            return new SecureDESKey(keyLength, keyType, encryptData(clear), Tdes.kcv(clear, 3));
        } finally {
            Arrays.fill(clearKek, (byte) 0);
            Arrays.fill(clear, (byte) 0);
        }
    }

    @Override
    protected byte[] exportKeyImpl(SecureDESKey key, SecureDESKey kek) throws SMException {
        byte[] clear = clear(key);
        byte[] clearKek = clear(kek);
        try {
            return Tdes.encrypt(clearKek, clear);
        } finally {
            Arrays.fill(clear, (byte) 0);
            Arrays.fill(clearKek, (byte) 0);
        }
    }

    /** ISO 9564 format 0 (jPOS FORMAT01) to format 0, from one key to another; the clear block stays inside. */
    @Override
    protected EncryptedPIN translatePINImpl(EncryptedPIN pin, SecureDESKey from, SecureDESKey to, byte format)
            throws SMException {
        if (pin.getPINBlockFormat() != SMAdapter.FORMAT01 || format != SMAdapter.FORMAT01) {
            throw new SMException("only ISO 9564 format 0 PIN blocks (jPOS FORMAT01)");
        }
        byte[] encrypted = pin.getPINBlock();
        if (encrypted == null || encrypted.length != 8) {
            throw new SMException("a PIN block is 8 bytes");
        }
        byte[] source = clear(from);
        byte[] target = clear(to);
        byte[] block = Tdes.decrypt(source, encrypted);
        try {
            // the account number part jPOS keeps: 12 digits, the PAN's rightmost without its check digit
            PinBlock.pin(block, pin.getAccountNumber() + "0");
            return new EncryptedPIN(Tdes.encrypt(target, block), SMAdapter.FORMAT01, pin.getAccountNumber(), false);
        } catch (IllegalArgumentException e) {
            throw new SMException("the PIN block is not format 0 for this account under the source key");
        } finally {
            Arrays.fill(source, (byte) 0);
            Arrays.fill(target, (byte) 0);
            Arrays.fill(block, (byte) 0);
        }
    }

    /**
     * EMV online authentication: the ARQC checked with the card's key (option A from the issuer master key) and the
     * common session key of its ATC, then the ARPC by method 1; null when the ARQC is not the card's (jPOS's contract).
     */
    @Override
    protected byte[] verifyARQCGenerateARPCImpl(
            org.jpos.security.MKDMethod mkdm,
            org.jpos.security.SKDMethod skdm,
            SecureDESKey imkac,
            String accountNo,
            String accntSeqNo,
            byte[] arqc,
            byte[] atc,
            byte[] upn,
            byte[] transData,
            org.jpos.security.ARPCMethod arpcMethod,
            byte[] arc,
            byte[] propAuthData)
            throws SMException {
        if (mkdm != org.jpos.security.MKDMethod.OPTION_A
                || skdm != org.jpos.security.SKDMethod.EMV_CSKD
                || arpcMethod != org.jpos.security.ARPCMethod.METHOD_1) {
            throw new SMException("offered: master key option A, EMV common session keys, ARPC method 1");
        }
        byte[] imk = clear(imkac);
        byte[] cardKey = EmvCrypto.cardMasterKey(imk, accountNo, accntSeqNo);
        Arrays.fill(imk, (byte) 0);
        byte[] session = EmvCrypto.sessionKey(cardKey, atc);
        try {
            byte[] expected = Tdes.retailMacPadding2(session, transData);
            if (!Tdes.constantTimeEquals(expected, arqc)) {
                return null;
            }
            return EmvCrypto.arpcMethod1(session, arqc, arc);
        } finally {
            Arrays.fill(cardKey, (byte) 0);
            Arrays.fill(session, (byte) 0);
        }
    }

    @Override
    protected byte[] encryptDataImpl(CipherMode mode, SecureDESKey key, byte[] data, byte[] iv) throws SMException {
        return tdes(javax.crypto.Cipher.ENCRYPT_MODE, mode, key, data, iv);
    }

    @Override
    protected byte[] decryptDataImpl(CipherMode mode, SecureDESKey key, byte[] data, byte[] iv) throws SMException {
        return tdes(javax.crypto.Cipher.DECRYPT_MODE, mode, key, data, iv);
    }

    private byte[] tdes(int op, CipherMode mode, SecureDESKey key, byte[] data, byte[] iv) throws SMException {
        if (data == null || data.length == 0 || data.length % 8 != 0) {
            throw new SMException("data must be whole 8-byte blocks");
        }
        byte[] clear = clear(key);
        try {
            return switch (mode) {
                case ECB ->
                    op == javax.crypto.Cipher.ENCRYPT_MODE ? Tdes.encrypt(clear, data) : Tdes.decrypt(clear, data);
                case CBC -> {
                    if (iv == null || iv.length != 8) {
                        throw new SMException("CBC needs an 8-byte IV");
                    }
                    yield Tdes.cbc(op, clear, iv, data);
                }
                default -> throw new SMException("cipher mode " + mode + " is not offered");
            };
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
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
