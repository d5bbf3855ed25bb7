package dev.warden.cli;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.ProblemKind;
import dev.warden.audit.TrustedKey;
import dev.warden.audit.VerificationProblem;
import dev.warden.audit.VerificationReport;
import dev.warden.audit.anchor.AnchorFile;
import dev.warden.audit.anchor.AnchorLog;
import dev.warden.audit.anchor.CosignatureCheck;
import dev.warden.audit.export.JsonLinesExport;
import dev.warden.audit.store.AuditStore;
import dev.warden.audit.store.StoredTrailVerifier;
import dev.warden.audit.store.VerifyOptions;
import dev.warden.audit.witness.Cosignature;
import dev.warden.node.NodeLock;
import dev.warden.node.StorageRecord;
import dev.warden.node.config.WardenConfig;
import dev.warden.pki.Signatures;
import dev.warden.storage.Database;
import dev.warden.storage.DatabaseLocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden audit verify}: proves, offline and with public material only, that a region's trail is whole. It
 * trusts nothing it is handed but the public keys and a checkpoint: a trail shorter than a trusted checkpoint, one
 * that diverges from it, an empty one, or one whose unsigned tail is older than a running node leaves it, fails.
 */
@Command(
        name = "verify",
        description = {
            "Recompute every region's hash chain and check it against the signed checkpoints and the anchors kept outside"
                    + " the database, offline (the server may be stopped). Exit code 0 only when every chain is intact."
        })
final class AuditVerifyCommand implements Callable<Integer> {
    @ParentCommand
    AuditCommand audit;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--public-key",
            paramLabel = "FILE",
            description = "An audit-signing public key (PEM), or an"
                    + " audit-keys.json (each key valid for its own checkpoints); repeat it for several. Default: every key of"
                    + " DATA/pki/audit-keys.json plus DATA/pki/audit-signing.pub; pass a copy kept away from the node to rule out"
                    + " a swapped key.")
    List<Path> publicKeys;

    @Option(
            names = "--checkpoint",
            paramLabel = "FILE",
            description = "A trusted checkpoint (one anchor line, or a whole"
                    + " anchor file) kept away from the node: the trail must contain it and reach it.")
    Path checkpoint;

    @Option(
            names = "--anchors",
            paramLabel = "DIR",
            description = "The anchor directory (default: the node's"
                    + " audit-anchor-dir, DATA/audit-anchors unless configured).")
    Path anchors;

    @Option(
            names = "--allow-unsigned-tail",
            description = "Accept events after the last checkpoint however old (e.g."
                    + " right after a crash, before the node has started again and signed them).")
    boolean allowUnsignedTail;

    @Option(
            names = "--witness-key",
            paramLabel = "FILE",
            description =
                    "A witness node's audit-signing public key (PEM; repeatable): every witness countersignature in"
                            + " the anchor must be signed by one of them and cover a checkpoint the trail still holds.")
    List<Path> witnessKeys;

    @Option(names = "--from", paramLabel = "TIME", description = "Verify from this ISO-8601 instant on.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Verify up to this ISO-8601 instant (exclusive).")
    String to;

    @Option(
            names = "--chain",
            paramLabel = "REGION",
            description = "Only the chain of this region (default: every region in the store).")
    String region;

    @Option(
            names = "--all-regions",
            description = "Also every other region's chain this node keeps as its deployment's audit region (central"
                    + " audit), each under the keys pinned for that region.")
    boolean allRegions;

    @Option(names = "--json", description = "Print the reports as JSON.")
    boolean json;

    @Option(
            names = "--export",
            paramLabel = "FILE",
            description = "Verify an export (warden audit export) instead of the database.")
    Path export;

    @Override
    public Integer call() throws IOException {
        WardenConfig config = audit.parent.options.config();
        List<TrustedKey> keys = AuditKeyFiles.trusted(publicKeys, config.dataDir());
        List<VerificationReport> reports = new ArrayList<>();
        if (export != null) {
            try (var in = Files.newBufferedReader(export)) {
                reports.add(JsonLinesExport.verify(
                        in,
                        region != null ? region : config.region(),
                        keys.stream().map(TrustedKey::publicKey).toList()));
            }
            return finish(reports, List.of());
        }
        Long fromNanos = AuditCommand.nanos(from, "--from");
        Long toNanos = AuditCommand.nanos(to, "--to");
        List<Proved> proved = new ArrayList<>();
        try (Database database = openTrail(config)) {
            AuditStore store = new AuditStore(database);
            StoredTrailVerifier verifier = StoredTrailVerifier.withValidity(store, keys, Signatures.preferred());
            List<String> regions = region != null ? List.of(region) : store.regions();
            if (regions.isEmpty()) {
                regions = List.of(config.region());
            }
            for (String r : regions) {
                if (fromNanos != null || toNanos != null) {
                    reports.add(verifier.verify(r, fromNanos, toNanos));
                    continue;
                }
                AnchorLog anchor = trustedAnchor(config, r);
                VerifyOptions options = new VerifyOptions(
                        anchor,
                        allowUnsignedTail,
                        config.audit().digestInterval().multipliedBy(2).plus(Duration.ofSeconds(5)),
                        NodeLock.held(config.dataDir()),
                        nowNanos());
                VerificationReport report = verifier.verify(r, options);
                List<AuditDigest> digests = store.digests(r);
                List<Cosignature> witnessed = new ArrayList<>();
                if (witnessKeys != null && !witnessKeys.isEmpty()) {
                    report = report.with(
                            CosignatureCheck.check(anchor.cosignatures(), digests, witnessPublicKeys(), witnessed));
                }
                reports.add(report);
                proved.add(new Proved(r, digests, anchor, anchorSource(config, r), witnessed));
            }
            kept = allRegions ? RegionChainsVerify.verify(database) : List.of();
        }
        return finish(reports, proved);
    }

    /** What a region's verification rested on, for the report. */
    private record Proved(
            String region,
            List<AuditDigest> checkpoints,
            AnchorLog anchor,
            String anchorSource,
            List<Cosignature> witnessed) {}

    /** The witness keys given, read as the signing keys are (PEM, or an audit-keys.json). */
    private List<java.security.PublicKey> witnessPublicKeys() {
        return AuditKeyFiles.trusted(witnessKeys, null).stream()
                .map(TrustedKey::publicKey)
                .toList();
    }

    /**
     * The node's database as its data directory records it (storage.json): never a fresh empty one. A trail in
     * PostgreSQL needs its password from the operator, since the node never writes it down.
     */
    static Database openTrail(WardenConfig config) {
        if (config.db() == null || config.db().isBlank()) {
            var record = StorageRecord.read(config.dataDir());
            if (record.isPresent() && record.get().postgres()) {
                throw new CliException("the node at " + config.dataDir() + " keeps its audit trail in PostgreSQL at "
                        + record.get().location() + "; pass --db "
                        + record.get().url().replace("@", ":PASSWORD@")
                        + " (or WARDEN_DB); the node never stores the password");
            }
            Path file = DatabaseLocation.parse(null, config.dataDir()).jdbcUrl().startsWith("jdbc:sqlite:")
                    ? config.dataDir().resolve(DatabaseLocation.SQLITE_FILE)
                    : null;
            if (file != null && !Files.exists(file)) {
                throw new CliException("there is no audit trail at " + config.dataDir() + ": " + file.getFileName()
                        + " does not exist (pass --data DIR of a node, or --db)");
            }
        }
        return Database.open(config.db(), config.dataDir());
    }

    /** The checkpoint given with --checkpoint, else the anchor directory's record of the region. */
    private AnchorLog trustedAnchor(WardenConfig config, String r) {
        try {
            if (checkpoint != null) {
                List<String> lines = Files.readAllLines(checkpoint);
                AnchorLog log = AnchorLog.parse(r, lines, true);
                if (log.isEmpty() && log.malformed().isEmpty()) {
                    throw new CliException(checkpoint + " holds no checkpoint of region " + r);
                }
                return log;
            }
            return AnchorLog.read(anchorDir(config), r);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new CliException("cannot read the trusted checkpoint or anchor: " + e.getMessage());
        }
    }

    private Path anchorDir(WardenConfig config) {
        return anchors != null ? anchors : config.audit().anchorDir();
    }

    private String anchorSource(WardenConfig config, String r) {
        return checkpoint != null
                ? checkpoint.toString()
                : AnchorFile.fileOf(anchorDir(config), r).toString();
    }

    private static long nowNanos() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** The other regions' chains verified with {@code --all-regions}. */
    private List<VerificationReport> kept = List.of();

    private int finish(List<VerificationReport> reports, List<Proved> proved) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> views = new ArrayList<>();
            reports.forEach(r -> views.add(view(r)));
            kept.forEach(r -> {
                Map<String, Object> v = view(r);
                v.put("keptByCentralAudit", true);
                views.add(v);
            });
            Output.json(out, views);
        } else {
            for (VerificationReport report : reports) {
                print(
                        out,
                        report,
                        proved.stream()
                                .filter(p -> p.region().equals(report.region()))
                                .findFirst()
                                .orElse(null));
            }
        }
        if (allRegions && !json) {
            RegionChainsVerify.print(out, kept);
        }
        boolean intact = reports.stream().allMatch(VerificationReport::intact)
                && kept.stream().allMatch(VerificationReport::intact);
        return intact ? 0 : 1;
    }

    private static void print(PrintWriter out, VerificationReport report, Proved proved) {
        out.printf(
                "region %s: %d events (seq %d..%d), %d signed checkpoints, %d events after the last checkpoint%n",
                report.region(),
                report.eventsChecked(),
                report.firstSeq(),
                report.lastSeq(),
                report.digestsChecked(),
                report.unsignedTail());
        if (report.intact()) {
            out.println("  INTACT: every event chains to its predecessor and every checkpoint signature is valid");
            if (proved != null) {
                VerifyReportLines.proved(out, proved.checkpoints(), proved.anchor(), proved.anchorSource());
                if (!proved.witnessed().isEmpty()) {
                    Cosignature newest =
                            proved.witnessed().get(proved.witnessed().size() - 1);
                    out.printf(
                            "  witnessed: %d countersignature(s) by trusted witness keys, the newest of checkpoint %d"
                                    + " (seq %d)%n",
                            proved.witnessed().size(), newest.digestSeq(), newest.toSeq());
                }
            }
            return;
        }
        out.println("  BROKEN: " + report.firstProblem().orElseThrow());
        for (VerificationProblem problem :
                report.problems().subList(1, report.problems().size())) {
            out.println("  also:   " + problem);
        }
        if (report.problemsTruncated()) {
            out.println("  (more problems not shown)");
        }
        if (report.problems().stream().anyMatch(p -> p.kind() == ProblemKind.UNSIGNED_TAIL)) {
            out.println(
                    "  (an unsigned tail after a crash is signed by the node at its next start, once it has checked it)");
        }
    }

    private static Map<String, Object> view(VerificationReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("region", report.region());
        m.put("intact", report.intact());
        m.put("eventsChecked", report.eventsChecked());
        m.put("digestsChecked", report.digestsChecked());
        m.put("firstSeq", report.firstSeq());
        m.put("lastSeq", report.lastSeq());
        m.put("unsignedTail", report.unsignedTail());
        m.put(
                "problems",
                report.problems().stream()
                        .map(p -> {
                            Map<String, Object> pm = new LinkedHashMap<>();
                            pm.put("kind", p.kind().name());
                            pm.put("seq", p.seq());
                            pm.put("eventId", p.eventId());
                            pm.put("message", p.message());
                            return pm;
                        })
                        .toList());
        return m;
    }
}
