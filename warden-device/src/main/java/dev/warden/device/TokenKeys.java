package dev.warden.device;

import dev.warden.pki.KeyType;
import dev.warden.pki.Pkcs11KeySource;
import dev.warden.pki.PkiException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Device keys inside a PKCS#11 token (a secure element, a TPM's PKCS#11 interface; SoftHSM2 in tests), through the
 * JDK's SunPKCS11 provider: each key is generated in the token as a sensitive, non-extractable token object
 * ({@code CKA_SENSITIVE}, {@code CKA_EXTRACTABLE=false}), so no file and no memory of this process ever holds it.
 * The token keeps the device certificate and CA chain beside the key, under the thing name as alias.
 *
 * <p>The provider is registered with the JDK (at the end of the list, so software keys keep their providers): TLS
 * and JOSE pick the provider of a signature by the key they are given, and only a registered provider is asked. A
 * key held in a token needs JDK TLS: see {@link DeviceClient}.
 *
 * <p>Rotation with a token key replaces the key and certificates under the alias in place; the crash-safe staging of
 * {@link CredentialStore} applies to key files only.
 */
public final class TokenKeys implements DeviceKeys, AutoCloseable {
    private final Pkcs11KeySource token;

    private TokenKeys(Pkcs11KeySource token) {
        this.token = token;
    }

    /**
     * Logs in to the token named by an RFC 7512 URI, e.g.
     * {@code pkcs11:token=device;module-path=/usr/lib/softhsm/libsofthsm2.so?pin-source=file:/etc/device/pin}.
     *
     * @throws DeviceException {@link DeviceErrorReason#CREDENTIALS_INVALID} when the module, token or login fails
     */
    public static TokenKeys open(String pkcs11Uri) {
        Objects.requireNonNull(pkcs11Uri, "pkcs11Uri");
        try {
            Pkcs11KeySource token = Pkcs11KeySource.open(pkcs11Uri);
            Security.addProvider(token.provider());
            return new TokenKeys(token);
        } catch (PkiException e) {
            // Pkcs11KeySource messages name the module and token, never the PIN.
            throw new DeviceException(
                    DeviceErrorReason.CREDENTIALS_INVALID, "no usable PKCS#11 token: " + e.getMessage());
        }
    }

    /** An EC P-256 key generated inside the token; the private key is a handle usable only through the token. */
    @Override
    public KeyPair generate(String thingName) {
        try {
            return token.generate(KeyType.EC_P256, thingName);
        } catch (PkiException e) {
            throw new DeviceException(DeviceErrorReason.CREDENTIALS_INVALID, e.getMessage());
        }
    }

    @Override
    public Provider provider() {
        return token.provider();
    }

    /** Keeps the certificate and CA chain of {@code credentials} with their key in the token, under the thing name. */
    public void save(DeviceCredentials credentials) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(credentials.certificate());
        chain.addAll(credentials.caChain());
        try {
            token.bindCertificate(
                    credentials.thingName(), credentials.privateKey(), chain.toArray(new X509Certificate[0]));
        } catch (PkiException e) {
            throw new DeviceException(DeviceErrorReason.CREDENTIALS_INVALID, e.getMessage());
        }
    }

    /** True when the token holds a key and certificate for {@code thingName}. */
    public boolean exists(String thingName) {
        return token.loadCertificate(thingName) != null;
    }

    /**
     * The credentials of {@code thingName} in the token: a handle to its key, its certificate and CA chain.
     *
     * @throws DeviceException {@link DeviceErrorReason#CREDENTIALS_INVALID} when the token holds none
     */
    public DeviceCredentials load(String thingName) {
        try {
            X509Certificate[] chain = token.loadCertificateChain(thingName);
            if (chain == null || chain.length == 0) {
                throw new DeviceException(
                        DeviceErrorReason.CREDENTIALS_INVALID, "the token holds no credentials for " + thingName);
            }
            PrivateKey key = token.loadPrivateKey(thingName);
            return new DeviceCredentials(thingName, key, chain[0], signingIssuers(chain));
        } catch (PkiException e) {
            throw new DeviceException(DeviceErrorReason.CREDENTIALS_INVALID, e.getMessage());
        }
    }

    /**
     * The CA certificates above the leaf, up to the first that did not sign the one below it. A token finds a chain's
     * issuers by name and takes the first of a name (SunPKCS11's KeyStore), so a token that also holds another CA
     * certificate of that name (an older CA, another deployment's) would give a chain no server can validate; a shorter
     * true chain is completed by the server from its own CA certificates.
     */
    private static List<X509Certificate> signingIssuers(X509Certificate[] chain) {
        List<X509Certificate> issuers = new ArrayList<>();
        for (int i = 1; i < chain.length; i++) {
            try {
                chain[i - 1].verify(chain[i].getPublicKey());
            } catch (java.security.GeneralSecurityException e) {
                break;
            }
            issuers.add(chain[i]);
        }
        return issuers;
    }

    /** Logs out and unregisters the provider; key handles obtained from this token stop working. */
    @Override
    public void close() {
        token.close();
        Security.removeProvider(token.provider().getName());
    }

    @Override
    public String toString() {
        return "TokenKeys[" + token + "]";
    }
}
