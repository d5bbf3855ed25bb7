package dev.warden.audit;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of verifying a region's chain.
 *
 * @param unsignedTail events after the last digest: intact as a chain, but not yet covered by a signature
 */
public record VerificationReport(String region, long eventsChecked, int digestsChecked, long firstSeq, long lastSeq,
                                 long unsignedTail, List<VerificationProblem> problems, boolean problemsTruncated) {
    public VerificationReport {
        problems = List.copyOf(problems);
    }

    public boolean intact() {
        return problems.isEmpty();
    }

    /** The first broken link in chain order. */
    public Optional<VerificationProblem> firstProblem() {
        return problems.stream().findFirst();
    }
}
