package dev.warden.device;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A device's identity: its private key (generated on the device, never sent anywhere), its certificate and the CA
 * chain it was issued under (issuing CA first, Warden root last). The constructor refuses a key that does not belong
 * to the certificate, so a half-written rotation can never be used to connect. {@link #toString()} never shows the
 * key.
 *
 * @param thingName   the thing the certificate is attached to; also the MQTT client ID
 * @param privateKey  the device key: a software key, or a handle to a key held in a PKCS#11 token ({@link TokenKeys})
 * @param certificate the device certificate
 * @param caChain     intermediates then the root, as the node's {@code chainPem}; may be empty when the root is
 *                    configured elsewhere
 */
public record DeviceCredentials(
        String thingName, PrivateKey privateKey, X509Certificate certificate, List<X509Certificate> caChain) {

    public DeviceCredentials {
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
        caChain = List.copyOf(Objects.requireNonNull(caChain, "caChain"));
        if (thingName.isEmpty()) {
            throw new IllegalArgumentException("thingName must not be empty");
        }
        if (!KeyMatch.belongsTo(privateKey, certificate)) {
            throw new DeviceException(
                    DeviceErrorReason.CREDENTIALS_INVALID,
                    "the private key does not belong to the certificate of " + thingName);
        }
    }

    /** What the device presents in TLS: its certificate and the intermediates; the root stays with the verifier. */
    public List<X509Certificate> presentedChain() {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        for (X509Certificate ca : caChain) {
            if (!isSelfSigned(ca)) {
                chain.add(ca);
            }
        }
        return chain;
    }

    /** The self-signed root at the end of {@link #caChain()}, or null when the chain holds none. */
    public X509Certificate root() {
        for (X509Certificate ca : caChain) {
            if (isSelfSigned(ca)) {
                return ca;
            }
        }
        return null;
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    public Instant notBefore() {
        return certificate.getNotBefore().toInstant();
    }

    /** Lowercase hex serial number, as the node and the gateway show it. */
    public String serialHex() {
        return certificate.getSerialNumber().toString(16);
    }

    static boolean isSelfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "DeviceCredentials{thing=" + thingName + ", serial=" + serialHex() + ", notAfter=" + notAfter() + "}";
    }
}
