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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A software security module on JCE: the LMK is an AES-256 key in a file readable only by the TMS (created on
 * first start). Clear keys exist only inside these methods.
 */
@Component
class SoftwareSecurityModule implements SecurityModule {

    private static final int IV = 12;
    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec lmk;
    private final SecretKeySpec hashKey;

    SoftwareSecurityModule(@Value("${shanfu.keys.lmk-file}") Path lmkFile) {
        byte[] master = loadOrCreate(lmkFile);
        this.lmk = new SecretKeySpec(master, "AES");
        this.hashKey = new SecretKeySpec(hmac(master, "shanfu-lookup-hash".getBytes(StandardCharsets.US_ASCII)), "HmacSHA256");
    }

    private static byte[] loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                byte[] key = HexFormat.of().parseHex(Files.readString(file).trim());
                if (key.length != 32) {
                    throw new IllegalStateException("LMK file must hold 32 bytes in hex: " + file);
                }
                return key;
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.writeString(file, HexFormat.of().formatHex(key));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the LMK file " + file, e);
        }
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
    public EmvResult verifyArqc(byte[] issuerMasterKey, String pan, String panSequence, byte[] iccData, String arc) {
        Tlv tlv = Tlv.parse(iccData);
        byte[] cardKey = EmvCrypto.cardMasterKey(issuerMasterKey, pan, panSequence);
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
        try {
            byte[] iv = new byte[IV];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, lmk, new GCMParameterSpec(128, iv));
            byte[] ct = c.doFinal(clear);
            return ByteBuffer.allocate(IV + ct.length).put(iv).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("LMK encryption failed", e);
        }
    }

    @Override
    public byte[] decryptData(byte[] encrypted) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, lmk, new GCMParameterSpec(128, encrypted, 0, IV));
            return c.doFinal(encrypted, IV, encrypted.length - IV);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("LMK decryption failed: wrong LMK or damaged data", e);
        }
    }

    @Override
    public String lookupHash(String value) {
        return HexFormat.of().formatHex(hmac(hashKey.getEncoded(), value.getBytes(StandardCharsets.US_ASCII)));
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
