package dev.warden.region.audit;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.AuditKeys;
import dev.warden.audit.ChainVerifier;
import dev.warden.audit.ProblemKind;
import dev.warden.audit.VerificationProblem;
import dev.warden.audit.VerificationReport;
import java.security.Provider;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Verifies, offline, the region chains an audit region keeps, each from its first event with {@link ChainVerifier}
 * under the keys pinned for that region (each key only for its own checkpoints): an edit at rest in the audit region
 * shows as it would in the region's own trail. Needs nothing but the database.
 */
public final class RegionChainVerifier {
    private final RegionAuditStore chains;
    private final Provider signatureProvider;

    /** @param signatureProvider checks checkpoint signatures, or {@code null} for the JDK's */
    public RegionChainVerifier(RegionAuditStore chains, Provider signatureProvider) {
        this.chains = chains;
        this.signatureProvider = signatureProvider;
    }

    /** Every stored region chain, verified whole, in region order. */
    public List<VerificationReport> verifyAll() {
        return chains.regions().stream().map(this::verify).toList();
    }

    public VerificationReport verify(String region) {
        AuditKeys keys = chains.keys(region);
        if (keys == null) {
            return new VerificationReport(
                    region,
                    0,
                    0,
                    1,
                    0,
                    0,
                    List.of(new VerificationProblem(
                            ProblemKind.DIGEST_SIGNATURE_INVALID,
                            0,
                            null,
                            "no audit-signing key is pinned for region " + region
                                    + ": its checkpoints cannot be checked")),
                    false);
        }
        ChainVerifier verifier = ChainVerifier.withValidity(keys.trusted(), region, signatureProvider);
        List<AuditDigest> digests = chains.digests(region);
        AtomicReference<VerificationReport> report = new AtomicReference<>();
        chains.forEach(region, events -> report.set(verifier.verify(events, digests)));
        return report.get();
    }
}
