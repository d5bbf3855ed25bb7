package dev.warden.registry;

import dev.warden.pki.Fingerprints;
import dev.warden.registry.store.CertificateKind;
import dev.warden.registry.store.CertificateStatus;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;

/**
 * What every principal's client certificate (a service account's, a user's) must be before it names anyone: signed by
 * this region's issuing CA, within its validity now, registered with exactly this fingerprint, of the expected kind,
 * and ACTIVE in the live status index (so a revocation holds from the next request on, whatever TLS session is
 * resumed). Each refusal is a {@link RegistryException} with its reason; the caller then checks whom it names.
 */
final class ClientCertificateCheck {
    private static final int SAN_URI = 6;

    private final X509Certificate issuingCa;
    private final CertificateStatusIndex index;
    private final Clock clock;

    /** A certificate that passed: its leaf, serial (hex, as the registry keeps it) and SHA-256 fingerprint. */
    record Passed(X509Certificate leaf, String serial, String fingerprint) {}

    ClientCertificateCheck(X509Certificate issuingCa, CertificateStatusIndex index, Clock clock) {
        this.issuingCa = issuingCa;
        this.index = index;
        this.clock = clock;
    }

    /**
     * @param kind      the only kind accepted
     * @param wrongKind the reason when the certificate is registered as another kind
     */
    Passed check(X509Certificate[] chain, CertificateKind kind, RegistryReason wrongKind) {
        if (chain == null || chain.length == 0) {
            throw new RegistryException(RegistryReason.CERTIFICATE_MISSING, "no client certificate was presented");
        }
        X509Certificate leaf = chain[0];
        try {
            leaf.verify(issuingCa.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new RegistryException(
                    RegistryReason.CERTIFICATE_NOT_TRUSTED,
                    "the client certificate was not issued by this region's CA");
        }
        try {
            leaf.checkValidity(Date.from(clock.instant()));
        } catch (java.security.cert.CertificateException e) {
            throw new RegistryException(
                    RegistryReason.CERTIFICATE_EXPIRED, "the client certificate is expired or not yet valid");
        }
        String serial = leaf.getSerialNumber().toString(16);
        String fingerprint = Fingerprints.sha256Hex(leaf);
        CertificateStatusIndex.Entry entry = index.get(leaf.getSerialNumber());
        if (entry == null || !fingerprint.equalsIgnoreCase(entry.fingerprint())) {
            throw new RegistryException(
                    RegistryReason.CERTIFICATE_UNKNOWN, "certificate " + serial + " is not registered");
        }
        if (entry.kind() != kind) {
            throw new RegistryException(
                    wrongKind,
                    "certificate " + serial + " is a " + entry.kind() + " certificate, not a " + kind + " one");
        }
        if (entry.status() == CertificateStatus.REVOKED) {
            throw new RegistryException(RegistryReason.CERTIFICATE_REVOKED, "certificate " + serial + " is revoked");
        }
        if (entry.status() != CertificateStatus.ACTIVE) {
            throw new RegistryException(
                    RegistryReason.CERTIFICATE_INACTIVE, "certificate " + serial + " is " + entry.status());
        }
        return new Passed(leaf, serial, fingerprint);
    }

    /**
     * Whether a certificate that passed {@link #check} still would: still of {@code kind} and ACTIVE in the live index,
     * and not past its {@code notAfter}. For what lives longer than one request (a console session).
     */
    boolean stillActive(String serial, CertificateKind kind, java.time.Instant notAfter) {
        CertificateStatusIndex.Entry entry = index.get(new java.math.BigInteger(serial, 16));
        return entry != null
                && entry.kind() == kind
                && entry.status() == CertificateStatus.ACTIVE
                && clock.instant().isBefore(notAfter);
    }

    /** The certificate's SAN URIs; none when they cannot be read. */
    static List<String> sanUris(X509Certificate certificate) {
        List<String> uris = new ArrayList<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (name.size() == 2 && Integer.valueOf(SAN_URI).equals(name.get(0))) {
                        uris.add(String.valueOf(name.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return uris;
    }
}
