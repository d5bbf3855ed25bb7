package dev.warden.pki;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** The single BouncyCastle provider instance and shared, thread-safe operator factories. */
final class BouncyCastle {
    /** Registered once so that JCA lookups by name ("BC") also work for code outside this module. */
    static final Provider PROVIDER = register();

    static final DigestCalculatorProvider DIGESTS = digests();

    private BouncyCastle() {}

    private static Provider register() {
        synchronized (Security.class) {
            Provider existing = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
            if (existing != null) {
                return existing;
            }
            Provider bc = new BouncyCastleProvider();
            Security.addProvider(bc);
            return bc;
        }
    }

    private static DigestCalculatorProvider digests() {
        try {
            return new JcaDigestCalculatorProviderBuilder()
                    .setProvider(PROVIDER)
                    .build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("BouncyCastle digests unavailable", e);
        }
    }

    /**
     * A fresh content signer (BC content signers hold a stream and are not thread-safe, but building one is
     * cheap: the provider lookup is the only cost). With {@code provider} (an HSM's) it signs there; a software key
     * signs with {@link Signatures#PREFERRED}, or BouncyCastle if that cannot take the key.
     */
    static ContentSigner signer(String algorithm, PrivateKey key, Provider provider) {
        if (provider == null && Signatures.PREFERRED != PROVIDER) {
            try {
                return new JcaContentSignerBuilder(algorithm)
                        .setProvider(Signatures.PREFERRED)
                        .build(key);
            } catch (OperatorCreationException | RuntimeException e) {
                // fall through to BouncyCastle
            }
        }
        try {
            return new JcaContentSignerBuilder(algorithm)
                    .setProvider(provider != null ? provider : PROVIDER)
                    .build(key);
        } catch (OperatorCreationException | RuntimeException e) {
            throw new PkiException(PkiReason.INTERNAL, "cannot create " + algorithm + " signer", e);
        }
    }

    /** Signature algorithm matching the strength of the signer's key (SHA-384 for P-384, else SHA-256). */
    static String signatureAlgorithmFor(java.security.PublicKey key) {
        if (key instanceof java.security.interfaces.ECPublicKey ec
                && ec.getParams().getCurve().getField().getFieldSize() > 256) {
            return "SHA384withECDSA";
        }
        if ("RSA".equals(key.getAlgorithm())) {
            return "SHA256withRSA";
        }
        return "SHA256withECDSA";
    }
}
