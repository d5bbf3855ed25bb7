package dev.warden.cli;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.anchor.AnchorLog;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/** The lines of {@code audit verify} that say what an intact trail was proved against. */
final class VerifyReportLines {
    private VerifyReportLines() {}

    static void proved(PrintWriter out, List<AuditDigest> checkpoints, AnchorLog anchor, String anchorSource) {
        if (!checkpoints.isEmpty()) {
            AuditDigest first = checkpoints.get(0);
            AuditDigest last = checkpoints.get(checkpoints.size() - 1);
            TreeSet<String> keys = new TreeSet<>();
            checkpoints.forEach(d ->
                    keys.add(d.keyId().substring(0, Math.min(16, d.keyId().length()))));
            out.printf(
                    "  proved: checkpoints %d..%d (epoch %d), signed %s to %s, the last covering seq %d%s%n",
                    first.digestSeq(),
                    last.digestSeq(),
                    last.epoch(),
                    time(first),
                    time(last),
                    last.toSeq(),
                    last.merkleRoot() == null
                            ? ""
                            : " with Merkle root " + last.merkleRoot().substring(0, 16) + "...");
            out.printf("  signing keys: %s%n", String.join(", ", keys));
        }
        if (anchor.isEmpty()) {
            out.printf("  anchor: none at %s (the trail was checked only against itself)%n", anchorSource);
            return;
        }
        String checkpoint = anchor.latestCheckpoint()
                .map(c -> "checkpoint " + c.digestSeq())
                .orElse("no checkpoint");
        String head = anchor.furthest().map(h -> "head seq " + h.seq()).orElse("no head");
        out.printf("  anchor: %s and %s recorded in %s are in the trail%n", checkpoint, head, anchorSource);
    }

    private static String time(AuditDigest d) {
        return Instant.ofEpochSecond(0, d.createdAtNanos()).toString();
    }
}
