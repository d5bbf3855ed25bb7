package dev.warden.demo;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.TrustedKey;
import dev.warden.audit.VerificationProblem;
import dev.warden.audit.VerificationReport;
import dev.warden.audit.anchor.AnchorLog;
import dev.warden.audit.store.AuditStore;
import dev.warden.audit.store.StoredTrailVerifier;
import dev.warden.audit.store.VerifyOptions;
import dev.warden.pki.Signatures;
import dev.warden.storage.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The demo's attack on the audit trail itself, on a copy of the stopped node's data directory: whoever holds the
 * database deletes the newest checkpoint and the events it covered, leaving a trail that is intact as a chain. The
 * anchor file outside the database still records that checkpoint, so verification against it says the trail was cut.
 */
final class TrailCutDemo {
    private TrailCutDemo() {}

    /** The problem verification reports on the cut copy, or {@code null} if the cut went unnoticed. */
    static VerificationProblem cutAndVerify(Path dataDir, String region, List<TrustedKey> keys) throws IOException {
        Path copy = Files.createTempDirectory("warden-demo-cut-");
        try {
            copyTree(dataDir, copy);
            try (Database database = Database.open(null, copy)) {
                AuditStore store = new AuditStore(database);
                List<AuditDigest> digests = store.digests(region);
                long keepUpTo =
                        digests.size() < 2 ? 0 : digests.get(digests.size() - 2).toSeq();
                long keepDigests = Math.max(0, digests.size() - 1);
                database.jdbi().useHandle(h -> {
                    h.execute("DELETE FROM audit_events WHERE region = ? AND seq > ?", region, keepUpTo);
                    h.execute("DELETE FROM audit_digests WHERE region = ? AND digest_seq > ?", region, keepDigests);
                });
                VerificationReport report = StoredTrailVerifier.withValidity(store, keys, Signatures.preferred())
                        .verify(
                                region,
                                new VerifyOptions(
                                        AnchorLog.read(copy.resolve("audit-anchors"), region),
                                        false,
                                        Duration.ZERO,
                                        false,
                                        0));
                // With a single checkpoint the cut also empties the trail; the anchor's finding is the one to show.
                return report.problems().stream()
                        .filter(p -> p.kind() == dev.warden.audit.ProblemKind.SHORTER_THAN_ANCHOR)
                        .findFirst()
                        .orElse(report.firstProblem().orElse(null));
            }
        } finally {
            deleteTree(copy);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
