package dev.warden.pki;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.login.LoginException;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * CA keys inside a PKCS#11 token (HSM, SoftHSM2) via the JDK's SunPKCS11 provider.
 *
 * <p>Generated private keys are token objects that are sensitive and non-extractable; they are only ever used
 * through {@link #provider()}. The PIN is used for login and then cleared; it never appears in messages.
 */
public final class Pkcs11KeySource implements KeySource, AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Provider provider;
    private final KeyStore keyStore;
    private final String description;

    private Pkcs11KeySource(Provider provider, KeyStore keyStore, String description) {
        this.provider = provider;
        this.keyStore = keyStore;
        this.description = description;
    }

    /**
     * Configures SunPKCS11 for the token named by an RFC 7512 URI and logs in, e.g.
     * {@code pkcs11:token=warden;module-path=/usr/lib/softhsm/libsofthsm2.so?pin-value=1234}.
     * Supported attributes: {@code module-path}, {@code token} (label), {@code slot-id}, {@code pin-value},
     * {@code pin-source=file:PATH}. A token label is resolved to its slot id through the module itself.
     *
     * @throws PkiException {@link PkiReason#HSM_UNAVAILABLE} if the module, token or login fails
     */
    public static Pkcs11KeySource open(String pkcs11Uri) {
        Pkcs11Uri uri = Pkcs11Uri.parse(pkcs11Uri);
        char[] pin = uri.pin();
        try {
            long slot = uri.slotId() != null
                    ? uri.slotId()
                    : Pkcs11SlotFinder.slotForLabel(uri.modulePath(), uri.tokenLabel());
            Provider provider = configure(uri.modulePath(), slot);
            KeyStore keyStore;
            try {
                keyStore = KeyStore.getInstance("PKCS11", provider);
                keyStore.load(null, pin);
            } catch (GeneralSecurityException | IOException | RuntimeException e) {
                throw new PkiException(PkiReason.HSM_UNAVAILABLE, "cannot log in to PKCS#11 token " + uri, e);
            }
            return new Pkcs11KeySource(provider, keyStore, uri.toString());
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private static Provider configure(String modulePath, long slot) {
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new PkiException(PkiReason.HSM_UNAVAILABLE, "SunPKCS11 provider is not available in this JDK");
        }
        // Keys must be generated as token objects (CKA_TOKEN) or they vanish with the session and cannot be
        // bound to an alias; private keys are sensitive and non-extractable so they never leave the HSM.
        String config = String.join(
                "\n",
                "name = warden-" + INSTANCES.incrementAndGet(),
                "library = " + modulePath,
                "slot = " + slot,
                "attributes(generate, *, *) = {",
                "  CKA_TOKEN = true",
                "}",
                "attributes(generate, CKO_PRIVATE_KEY, *) = {",
                "  CKA_PRIVATE = true",
                "  CKA_SENSITIVE = true",
                "  CKA_EXTRACTABLE = false",
                "}",
                "");
        try {
            return base.configure("--" + config);
        } catch (RuntimeException e) {
            throw new PkiException(
                    PkiReason.HSM_UNAVAILABLE, "cannot configure SunPKCS11 for " + modulePath + " slot " + slot, e);
        }
    }

    @Override
    public KeyPair generate(KeyType type, String alias) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
            generator.initialize(new ECGenParameterSpec(type.curveName()));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PkiException(PkiReason.HSM_UNAVAILABLE, "cannot generate " + type + " key in " + description, e);
        }
    }

    @Override
    public Provider provider() {
        return provider;
    }

    /** Stores the key entry (the key already lives in the token) with its certificate chain under {@code alias}. */
    @Override
    public void bindCertificate(String alias, PrivateKey key, X509Certificate[] chain) {
        try {
            synchronized (keyStore) {
                keyStore.setKeyEntry(alias, key, null, chain);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PkiException(
                    PkiReason.HSM_UNAVAILABLE, "cannot store key entry '" + alias + "' in " + description, e);
        }
    }

    /**
     * A handle to the token key stored under {@code alias} (usable only with {@link #provider()}).
     *
     * @throws PkiException {@link PkiReason#CA_NOT_AVAILABLE} if there is no such key,
     *         {@link PkiReason#HSM_UNAVAILABLE} if the token fails
     */
    public PrivateKey loadPrivateKey(String alias) {
        Key key;
        try {
            synchronized (keyStore) {
                key = keyStore.getKey(alias, null);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PkiException(PkiReason.HSM_UNAVAILABLE, "cannot read key '" + alias + "' from " + description, e);
        }
        if (!(key instanceof PrivateKey privateKey)) {
            throw new PkiException(PkiReason.CA_NOT_AVAILABLE, "no private key '" + alias + "' in " + description);
        }
        return privateKey;
    }

    /**
     * A signing key pair of the token under {@code alias}, generated there the first time. A PKCS#11 key store keeps a
     * private key only together with a certificate, so a new key is stored with a self-signed one naming its
     * purpose; nothing trusts that certificate, it only carries the public key.
     */
    public KeyPair signingKey(String alias, String purpose) {
        X509Certificate existing = loadCertificate(alias);
        if (existing != null) {
            return new KeyPair(existing.getPublicKey(), loadPrivateKey(alias));
        }
        KeyPair pair = generate(KeyType.EC_P256, alias);
        Instant now = Instant.now();
        X500Name name = new X500Name(new RDN[] {new RDN(BCStyle.CN, new DERUTF8String(purpose))});
        X509Certificate holder = X509Support.toCertificate(new JcaX509v3CertificateBuilder(
                        name,
                        CertificateIssuer.randomSerial(new SecureRandom()),
                        X509Support.date(now.minusSeconds(3600)),
                        X509Support.date(X509Support.plusYears(now, 20)),
                        name,
                        pair.getPublic())
                .build(BouncyCastle.signer(KeyType.EC_P256.signatureAlgorithm(), pair.getPrivate(), provider)));
        bindCertificate(alias, pair.getPrivate(), new X509Certificate[] {holder});
        return pair;
    }

    /** The certificate chain stored with the key {@code alias} (leaf first), or null when there is none. */
    public X509Certificate[] loadCertificateChain(String alias) {
        try {
            synchronized (keyStore) {
                java.security.cert.Certificate[] chain = keyStore.getCertificateChain(alias);
                if (chain == null) {
                    return null;
                }
                X509Certificate[] certificates = new X509Certificate[chain.length];
                for (int i = 0; i < chain.length; i++) {
                    certificates[i] = (X509Certificate) chain[i];
                }
                return certificates;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PkiException(
                    PkiReason.HSM_UNAVAILABLE, "cannot read the chain of '" + alias + "' from " + description, e);
        }
    }

    /** The certificate stored with {@code alias}, or null. */
    public X509Certificate loadCertificate(String alias) {
        try {
            synchronized (keyStore) {
                return (X509Certificate) keyStore.getCertificate(alias);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PkiException(
                    PkiReason.HSM_UNAVAILABLE, "cannot read certificate '" + alias + "' from " + description, e);
        }
    }

    /**
     * Destroys the token objects stored under {@code alias} (private key and certificate); nothing if there are none.
     *
     * @throws PkiException {@link PkiReason#HSM_UNAVAILABLE} if the token fails
     */
    public void deleteEntry(String alias) {
        try {
            synchronized (keyStore) {
                if (keyStore.containsAlias(alias)) {
                    keyStore.deleteEntry(alias);
                }
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PkiException(
                    PkiReason.HSM_UNAVAILABLE, "cannot delete key entry '" + alias + "' from " + description, e);
        }
    }

    /** Logs out of the token. Key handles obtained earlier stop working. */
    @Override
    public void close() {
        if (provider instanceof java.security.AuthProvider auth) {
            try {
                auth.logout();
            } catch (LoginException e) {
                // Logging out can only fail if the token went away; nothing is left to release then.
            }
        }
    }

    @Override
    public String toString() {
        return "Pkcs11KeySource[" + description + "]";
    }
}
