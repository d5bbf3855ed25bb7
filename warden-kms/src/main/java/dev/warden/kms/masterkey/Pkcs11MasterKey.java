package dev.warden.kms.masterkey;

import dev.warden.kms.KeyArn;
import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.kms.MasterKey;
import java.io.IOException;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A region's master key inside a PKCS#11 token (HSM, SoftHSM2), used through the JDK's SunPKCS11 provider: an
 * AES-256 token object that is sensitive and non-extractable, so it never exists outside the token. Encryption is the
 * token's own AES-GCM ({@code CKM_AES_GCM}) with a fresh random 96-bit nonce per call and a 128-bit tag.
 *
 * <p>Ciphertext layout: version byte {@code 0x01}, 12-byte nonce, then GCM output (ciphertext and tag).
 */
public final class Pkcs11MasterKey implements MasterKey, AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Provider provider;
    private final SecretKey key;
    private final String keyId;
    private final String region;

    private Pkcs11MasterKey(Provider provider, SecretKey key, String keyId, String region) {
        this.provider = provider;
        this.key = key;
        this.keyId = keyId;
        this.region = region;
    }

    /**
     * Logs in to the token and loads the AES key labelled {@code warden-kms-<region>}, generating it inside the token
     * on first use.
     *
     * @param modulePath     the PKCS#11 library, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
     * @param slotListIndex  index of the token's slot in the module's slot list
     * @param pin            user PIN; cleared by this method
     * @throws KmsException {@link KmsReason#MASTER_KEY_UNAVAILABLE} if the module, login or key fails
     */
    public static Pkcs11MasterKey open(String modulePath, int slotListIndex, char[] pin, String region) {
        return open(modulePath, "slotListIndex = " + slotListIndex, pin, region);
    }

    /** The same for the token in slot {@code slotId} (as a {@code pkcs11:} URI resolves it). */
    public static Pkcs11MasterKey openSlot(String modulePath, long slotId, char[] pin, String region) {
        return open(modulePath, "slot = " + slotId, pin, region);
    }

    private static Pkcs11MasterKey open(String modulePath, String slotLine, char[] pin, String region) {
        KeyArn.requireRegion(region);
        String label = "warden-kms-" + region;
        if (!LABEL.matcher(label).matches()) {
            throw new KmsException(KmsReason.INVALID_ARGUMENT, "invalid key label");
        }
        try {
            Provider provider = configure(modulePath, slotLine);
            KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
            keyStore.load(null, pin);
            Key existing = keyStore.getKey(label, null);
            SecretKey key;
            if (existing instanceof SecretKey secret) {
                key = secret;
            } else {
                KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
                generator.init(256);
                key = generator.generateKey();
                keyStore.setEntry(label, new KeyStore.SecretKeyEntry(key), null);
            }
            return new Pkcs11MasterKey(provider, key, "pkcs11:" + label, region);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            if (e instanceof KmsException k) {
                throw k;
            }
            throw new KmsException(
                    KmsReason.MASTER_KEY_UNAVAILABLE,
                    "cannot open the master key of " + region + " in PKCS#11 module " + modulePath + " ("
                            + e.getClass().getSimpleName() + ")");
        } finally {
            if (pin != null) {
                Arrays.fill(pin, '\0');
            }
        }
    }

    private static Provider configure(String modulePath, String slotLine) {
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new KmsException(KmsReason.MASTER_KEY_UNAVAILABLE, "SunPKCS11 provider is not available in this JDK");
        }
        // Token object (survives the session, findable by label), sensitive and non-extractable (never leaves it).
        String config = String.join(
                "\n",
                "name = warden-kms-" + INSTANCES.incrementAndGet(),
                "library = " + modulePath,
                slotLine,
                "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {",
                "  CKA_TOKEN = true",
                "  CKA_PRIVATE = true",
                "  CKA_SENSITIVE = true",
                "  CKA_EXTRACTABLE = false",
                "}",
                "");
        return base.configure("--" + config);
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", provider);
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        if (associatedData != null) {
            cipher.updateAAD(associatedData);
        }
        byte[] sealed = cipher.doFinal(plaintext);
        byte[] out = new byte[1 + NONCE_BYTES + sealed.length];
        out[0] = VERSION;
        System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
        System.arraycopy(sealed, 0, out, 1 + NONCE_BYTES, sealed.length);
        return out;
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        if (ciphertext == null || ciphertext.length < 1 + NONCE_BYTES + TAG_BITS / 8 || ciphertext[0] != VERSION) {
            throw new GeneralSecurityException("not a PKCS#11 master-key ciphertext");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", provider);
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 1, NONCE_BYTES));
        if (associatedData != null) {
            cipher.updateAAD(associatedData);
        }
        return cipher.doFinal(ciphertext, 1 + NONCE_BYTES, ciphertext.length - 1 - NONCE_BYTES);
    }

    /** Whether the token refuses to hand out the key's bytes, as it must. */
    boolean isExtractable() {
        return key.getEncoded() != null;
    }

    /** Logs out of the token; the key is unusable afterwards. PKCS#11 logins are per process, not per provider. */
    @Override
    public void close() {
        if (provider instanceof AuthProvider auth) {
            try {
                auth.logout();
            } catch (javax.security.auth.login.LoginException | RuntimeException e) {
                // Already logged out or the token is gone: either way the key is no longer usable here.
            }
        }
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public String region() {
        return region;
    }

    @Override
    public String toString() {
        return "MasterKey[" + keyId + ", " + region + ", PKCS#11]";
    }
}
