package dev.warden.pki;

import java.io.IOException;
import java.security.KeyPair;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Device-side helper: key generation and PKCS#10 CSR creation (used by the CLI and by tests). */
public final class CsrBuilder {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CsrBuilder() {}

    /** A fresh device key pair on the given curve. */
    public static KeyPair generateDeviceKey(KeyType type) {
        return SoftwareKeySource.generateKeyPair(type, RANDOM);
    }

    /**
     * A DER-encoded CSR with subject {@code CN=commonName} (no subject when {@code commonName} is null),
     * self-signed with SHA256withECDSA (SHA256withRSA for RSA keys) as proof of possession.
     */
    public static byte[] buildCsrDer(KeyPair keyPair, String commonName) {
        return buildCsrDer(keyPair, commonName, null);
    }

    /**
     * As {@link #buildCsrDer(KeyPair, String)}, signed through {@code provider} (a PKCS#11 token's, whose key never
     * leaves it), or in software when {@code provider} is null.
     */
    public static byte[] buildCsrDer(KeyPair keyPair, String commonName, java.security.Provider provider) {
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        if (commonName != null) {
            subject.addRDN(BCStyle.CN, commonName);
        }
        String algorithm = "RSA".equals(keyPair.getPublic().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            return new JcaPKCS10CertificationRequestBuilder(subject.build(), keyPair.getPublic())
                    .build(BouncyCastle.signer(algorithm, keyPair.getPrivate(), provider))
                    .getEncoded();
        } catch (IOException e) {
            throw new PkiException(PkiReason.INTERNAL, "cannot encode CSR", e);
        }
    }
}
