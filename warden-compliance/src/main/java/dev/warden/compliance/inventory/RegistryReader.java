package dev.warden.compliance.inventory;

import dev.warden.registry.store.CertificateDao;
import dev.warden.registry.store.CertificateRecord;
import dev.warden.registry.store.ManufacturerCa;
import dev.warden.registry.store.ManufacturerCaDao;
import dev.warden.storage.Database;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Certificates and CAs, read from the registry's tables. A certificate never changes once registered (only its
 * status does), so what its PEM says is parsed once and kept by serial for later runs.
 */
final class RegistryReader {
    private static final CertificateFacts.Parsed UNREADABLE = new CertificateFacts.Parsed(
            new KeyInfo("unreadable", 0, "", 0, ""),
            "",
            "",
            Optional.empty(),
            Optional.empty(),
            "unreadable",
            java.time.Instant.EPOCH,
            "");

    private final Database database;
    private final String region;
    private final Supplier<List<X509Certificate>> nodeCas;
    private final Supplier<Set<String>> trustedFingerprints;
    /** What each device certificate's PEM says, by serial: only what the checks read, its repeated texts shared. */
    private final Map<String, Kept> parsed = new ConcurrentHashMap<>();
    /** Issuers, key identifiers, algorithms and curves repeat across a fleet: one copy of each. */
    private final Map<String, String> shared = new ConcurrentHashMap<>();

    /** The part of a parsed certificate kept between runs (about 200 bytes: a fleet of 100,000 keeps 20 MB). */
    private record Kept(KeyInfo key, String issuer, Optional<String> authorityKeyId, String signatureAlgorithm) {}

    private Kept keep(CertificateFacts.Parsed p) {
        KeyInfo k = p.key();
        return new Kept(
                new KeyInfo(share(k.algorithm()), k.bits(), share(k.curve()), k.publicExponent(), k.fingerprint()),
                share(p.issuer()),
                p.authorityKeyId().map(this::share),
                share(p.signatureAlgorithm()));
    }

    private String share(String text) {
        return shared.computeIfAbsent(text, t -> t);
    }

    RegistryReader(
            Database database,
            String region,
            Supplier<List<X509Certificate>> nodeCas,
            Supplier<Set<String>> trustedFingerprints) {
        this.database = database;
        this.region = region;
        this.nodeCas = nodeCas;
        this.trustedFingerprints = trustedFingerprints;
    }

    List<CertificateView> certificates() {
        List<CertificateRecord> records = new ArrayList<>();
        database.read(h -> {
            new CertificateDao(h).forEach(region, records::add);
            return null;
        });
        // Only certificates registered since the last run are parsed: on both cores, since a first run may meet many.
        records.parallelStream()
                .filter(r -> !parsed.containsKey(r.serial()))
                .forEach(r -> parsed.put(r.serial(), keep(parse(r.pem()))));
        List<CertificateView> out = new ArrayList<>(records.size());
        for (CertificateRecord r : records) {
            Kept p = parsed.get(r.serial());
            out.add(new CertificateView(
                    r.serial(),
                    r.kind(),
                    r.status(),
                    Optional.ofNullable(r.thingName()),
                    r.notBefore(),
                    r.notAfter(),
                    r.createdAt(),
                    Optional.ofNullable(r.revokedAt()),
                    p.issuer(),
                    p.authorityKeyId(),
                    p.signatureAlgorithm(),
                    p.key()));
        }
        return out;
    }

    /** The node's root, issuing and OCSP CAs, then the registered manufacturer CAs. */
    List<CaView> cas() {
        Set<String> trusted = trustedFingerprints.get();
        List<CaView> out = new ArrayList<>();
        String[] roles = {CaView.ROOT, CaView.ISSUING, CaView.OCSP};
        List<X509Certificate> own = nodeCas.get();
        for (int i = 0; i < own.size(); i++) {
            CertificateFacts.Parsed p = CertificateFacts.fromDer(der(own.get(i)));
            String role = i < roles.length ? roles[i] : CaView.ISSUING;
            // The OCSP signer is not a trust anchor: it is trusted through the issuing CA that delegated to it.
            boolean isTrusted = CaView.OCSP.equals(role) || trusted.contains(p.fingerprint());
            out.add(view(role, p, "ACTIVE", isTrusted, Optional.empty()));
        }
        for (ManufacturerCa ca : database.read(h -> new ManufacturerCaDao(h).list())) {
            CertificateFacts.Parsed p = parse(ca.pem());
            out.add(view(
                    CaView.MANUFACTURER,
                    p,
                    ca.status(),
                    trusted.contains(ca.fingerprint()),
                    Optional.of(ca.templateName())));
        }
        return out;
    }

    private static CaView view(
            String role, CertificateFacts.Parsed p, String status, boolean trusted, Optional<String> template) {
        return new CaView(
                role,
                p.subject(),
                p.fingerprint(),
                p.subjectKeyId(),
                p.notAfter(),
                p.key(),
                p.signatureAlgorithm(),
                status,
                trusted,
                template);
    }

    private static CertificateFacts.Parsed parse(String pem) {
        try {
            return CertificateFacts.fromPem(pem);
        } catch (RuntimeException e) {
            // Registered certificates were parsed when they were registered; one that no longer parses is reported
            // by the key-quality checks as unreadable rather than failing every check of the run.
            return UNREADABLE;
        }
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a CA certificate cannot be encoded", e);
        }
    }
}
