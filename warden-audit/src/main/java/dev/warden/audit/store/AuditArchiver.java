package dev.warden.audit.store;

import dev.warden.audit.AuditArns;
import dev.warden.audit.AuditDigest;
import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditLog;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.VerificationReport;
import dev.warden.audit.export.JsonLinesExport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Retention: moves a closed segment of the chain — everything up to a signed digest — into a JSON-lines archive
 * that verifies on its own, records the archive as an event in the chain, and only then removes the archived rows.
 * The digests stay in the store, so the remaining chain is still anchored on a signed head hash.
 */
public final class AuditArchiver {
    private final AuditStore store;
    private final AuditLog log;
    private final String node;
    private final java.util.function.Supplier<java.util.List<PublicKey>> publicKeys;

    /** What was archived. */
    public record Archive(Path file, long fromSeq, long toSeq, long events, String sha256) {}

    public AuditArchiver(AuditStore store, AuditLog log, String node, PublicKey publicKey) {
        this(store, log, node, () -> java.util.List.of(publicKey));
    }

    /** @param publicKeys the region's audit keys at the time of an archive (they change with each rotation) */
    public AuditArchiver(
            AuditStore store,
            AuditLog log,
            String node,
            java.util.function.Supplier<java.util.List<PublicKey>> publicKeys) {
        this.store = store;
        this.log = log;
        this.node = node;
        this.publicKeys = publicKeys;
    }

    /**
     * Archives the region's events up to digest {@code digestSeq} (the latest digest when empty) into
     * {@code dir}; empty when there is nothing left to archive up to that digest.
     */
    public Optional<Archive> archive(Path dir, Optional<Long> digestSeq, AuditPrincipal by) {
        String region = log.region();
        var digests = store.digests(region);
        AuditDigest boundary = digestSeq.isPresent()
                ? digests.stream()
                        .filter(d -> d.digestSeq() == digestSeq.get())
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no digest " + digestSeq.get()))
                : digests.isEmpty() ? null : digests.get(digests.size() - 1);
        long first = store.firstSeq(region).orElse(Long.MAX_VALUE);
        if (boundary == null || boundary.toSeq() < first) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(region + "-" + first + "-" + boundary.toSeq() + ".jsonl");
            long events;
            try (var out = Files.newBufferedWriter(file)) {
                events = JsonLinesExport.write(store, region, boundary.toSeq(), out);
            }
            // Nothing is removed unless the archive proves itself first.
            VerificationReport check;
            try (var in = Files.newBufferedReader(file)) {
                check = JsonLinesExport.verify(in, region, publicKeys.get());
            }
            if (!check.intact()) {
                throw new IllegalStateException("the archive does not verify ("
                        + check.firstProblem().orElseThrow() + "); nothing was removed");
            }
            String sha256 = sha256(file);
            log.recordDurable(AuditEvent.builder(region, node)
                    .principal(by)
                    .action(StoredTrailVerifier.ARCHIVE_ACTION)
                    .resource(AuditArns.trail(region))
                    .detail("fromSeq", first)
                    .detail("upToSeq", boundary.toSeq())
                    .detail("digestSeq", boundary.digestSeq())
                    .detail("events", events)
                    .detail("file", file.getFileName())
                    .detail("sha256", sha256)
                    .build(log.now()));
            store.removeArchived(region, boundary.toSeq());
            return Optional.of(new Archive(file, first, boundary.toSeq(), events, sha256));
        } catch (IOException e) {
            throw new UncheckedIOException("archiving the audit trail failed", e);
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
