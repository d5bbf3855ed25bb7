package dev.warden.audit;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of verifying a region's chain.
 *
 * @param unsignedTail events after the last digest: intact as a chain, but not yet covered by a signature
 */
public record VerificationReport(
        String region,
        long eventsChecked,
        int digestsChecked,
        long firstSeq,
        long lastSeq,
        long unsignedTail,
        List<VerificationProblem> problems,
        boolean problemsTruncated) {
    public VerificationReport {
        problems = List.copyOf(problems);
    }

    public boolean intact() {
        return problems.isEmpty();
    }

    /** This report with more problems found by checks beyond the chain (anchors, witnesses), in chain order. */
    public VerificationReport with(List<VerificationProblem> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<VerificationProblem> all = new java.util.ArrayList<>(problems);
        all.addAll(more);
        all.sort(java.util.Comparator.comparingLong(VerificationProblem::seq));
        return new VerificationReport(
                region, eventsChecked, digestsChecked, firstSeq, lastSeq, unsignedTail, all, problemsTruncated);
    }

    /** Joins the reports of consecutive pieces of one chain, in chain order. */
    public static VerificationReport merge(String region, List<VerificationReport> parts) {
        long events = 0;
        int digests = 0;
        List<VerificationProblem> all = new java.util.ArrayList<>();
        boolean truncated = false;
        for (VerificationReport part : parts) {
            events += part.eventsChecked();
            digests = Math.max(digests, part.digestsChecked());
            all.addAll(part.problems());
            truncated |= part.problemsTruncated();
        }
        all.sort(java.util.Comparator.comparingLong(VerificationProblem::seq));
        VerificationReport first = parts.get(0);
        VerificationReport last = parts.get(parts.size() - 1);
        return new VerificationReport(
                region, events, digests, first.firstSeq(), last.lastSeq(), last.unsignedTail(), all, truncated);
    }

    /** The first broken link in chain order. */
    public Optional<VerificationProblem> firstProblem() {
        return problems.stream().findFirst();
    }
}
