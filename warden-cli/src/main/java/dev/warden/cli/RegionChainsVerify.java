package dev.warden.cli;

import dev.warden.audit.VerificationProblem;
import dev.warden.audit.VerificationReport;
import dev.warden.pki.Signatures;
import dev.warden.region.audit.RegionAuditStore;
import dev.warden.region.audit.RegionChainVerifier;
import dev.warden.storage.Database;
import java.io.PrintWriter;
import java.util.List;

/**
 * The part of {@code warden audit verify --all-regions} beyond the node's own trail: every other region's chain the
 * node keeps as its deployment's audit region, each verified whole under the keys pinned for that region.
 */
final class RegionChainsVerify {
    private RegionChainsVerify() {}

    /** Every stored region chain's report, in region order (none outside an audit region). */
    static List<VerificationReport> verify(Database database) {
        return new RegionChainVerifier(new RegionAuditStore(database), Signatures.preferred()).verifyAll();
    }

    /** One line per region chain, then its first failure, if any. */
    static void print(PrintWriter out, List<VerificationReport> reports) {
        if (reports.isEmpty()) {
            out.println("central audit: this node keeps no other region's chain (it is not the audit region, or no"
                    + " member has shipped yet)");
            return;
        }
        for (VerificationReport r : reports) {
            out.printf(
                    "region %s (kept by central audit): %d events (seq %d..%d), %d signed checkpoints: %s%n",
                    r.region(),
                    r.eventsChecked(),
                    r.firstSeq(),
                    r.lastSeq(),
                    r.digestsChecked(),
                    r.intact() ? "OK" : "BROKEN");
            r.firstProblem().map(VerificationProblem::toString).ifPresent(p -> out.println("  first failure: " + p));
            if (r.problems().size() > 1) {
                out.printf("  and %d more problem(s)%n", r.problems().size() - 1);
            }
        }
    }
}
