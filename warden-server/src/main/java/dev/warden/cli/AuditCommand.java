package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.audit.VerificationProblem;
import dev.warden.audit.VerificationReport;
import dev.warden.audit.export.JsonLinesExport;
import dev.warden.audit.store.AuditStore;
import dev.warden.audit.store.StoredTrailVerifier;
import dev.warden.pki.Pem;
import dev.warden.pki.Signatures;
import dev.warden.server.config.WardenConfig;
import dev.warden.server.node.NodeLayout;
import dev.warden.storage.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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

/** {@code warden audit ...}: verify and search the audit trail. */
@Command(name = "audit", description = "The tamper-evident audit trail.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Query.class, AuditCommand.Export.class,
                AuditCommand.Archive.class})
final class AuditCommand {
    @ParentCommand
    WardenCommand parent;

    @Command(name = "verify", description = {
            "Recompute every region's hash chain and check it against the signed digests, offline (the server may be"
                    + " stopped). Exit code 0 only when every chain is intact; 1 names the first broken link."})
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        AuditCommand audit;
        @Spec
        CommandSpec spec;
        @Option(names = "--public-key", paramLabel = "FILE",
                description = "The audit-signing public key (PEM). Default: DATA/pki/audit-signing.pub; pass a copy kept away from the node to rule out a swapped key.")
        Path publicKey;
        @Option(names = "--from", paramLabel = "TIME", description = "Verify from this ISO-8601 instant on.")
        String from;
        @Option(names = "--to", paramLabel = "TIME", description = "Verify up to this ISO-8601 instant (exclusive).")
        String to;
        @Option(names = "--chain", paramLabel = "REGION", description = "Only the chain of this region (default: every region in the store).")
        String region;
        @Option(names = "--json", description = "Print the reports as JSON.")
        boolean json;
        @Option(names = "--export", paramLabel = "FILE", description = "Verify an export (warden audit export) instead of the database.")
        Path export;

        @Override
        public Integer call() throws IOException {
            WardenConfig config = audit.parent.options.config();
            Path keyFile = publicKey != null ? publicKey : new NodeLayout(config.dataDir()).auditPublicKey();
            PublicKey key = Pem.parsePublicKey(read(keyFile));
            Long fromNanos = nanos(from, "--from");
            Long toNanos = nanos(to, "--to");
            List<VerificationReport> reports = new ArrayList<>();
            if (export != null) {
                try (var in = Files.newBufferedReader(export)) {
                    reports.add(JsonLinesExport.verify(in, region != null ? region : config.region(), key));
                }
                return finish(reports);
            }
            try (Database database = Database.open(config.db(), config.dataDir())) {
                AuditStore store = new AuditStore(database);
                StoredTrailVerifier verifier = new StoredTrailVerifier(store, key, Signatures.preferred());
                List<String> regions = region != null ? List.of(region) : store.regions();
                for (String r : regions) {
                    reports.add(verifier.verify(r, fromNanos, toNanos));
                }
            }
            return finish(reports);
        }

        private int finish(List<VerificationReport> reports) {
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, reports.stream().map(Verify::view).toList());
            } else {
                if (reports.isEmpty()) {
                    out.println("The audit trail is empty.");
                }
                reports.forEach(report -> print(out, report));
            }
            return reports.stream().allMatch(VerificationReport::intact) ? 0 : 1;
        }

        private static void print(PrintWriter out, VerificationReport report) {
            out.printf("region %s: %d events (seq %d..%d), %d signed digests, %d events after the last digest%n",
                    report.region(), report.eventsChecked(), report.firstSeq(), report.lastSeq(), report.digestsChecked(),
                    report.unsignedTail());
            if (report.intact()) {
                out.println("  INTACT: every event chains to its predecessor and every digest signature is valid");
                return;
            }
            out.println("  BROKEN: " + report.firstProblem().orElseThrow());
            for (VerificationProblem problem : report.problems().subList(1, report.problems().size())) {
                out.println("  also:   " + problem);
            }
            if (report.problemsTruncated()) {
                out.println("  (more problems not shown)");
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
            m.put("problems", report.problems().stream().map(p -> {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("kind", p.kind().name());
                pm.put("seq", p.seq());
                pm.put("eventId", p.eventId());
                pm.put("message", p.message());
                return pm;
            }).toList());
            return m;
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new CliException("cannot read the audit public key " + file + " (pass --public-key FILE)");
            }
        }
    }

    @Command(name = "export", description = "Write a region's digests and events as JSON lines (offline); the file verifies on its own.")
    static final class Export implements Callable<Integer> {
        @ParentCommand
        AuditCommand audit;
        @Spec
        CommandSpec spec;
        @Option(names = "--out", required = true, paramLabel = "FILE")
        Path out;
        @Option(names = "--chain", paramLabel = "REGION", description = "The region's chain (default: the node's region).")
        String region;

        @Override
        public Integer call() throws IOException {
            WardenConfig config = audit.parent.options.config();
            long events;
            try (Database database = Database.open(config.db(), config.dataDir());
                 var writer = Files.newBufferedWriter(out)) {
                events = JsonLinesExport.write(new AuditStore(database), region != null ? region : config.region(), writer);
            }
            spec.commandLine().getOut().printf("Exported %d events to %s%n", events, out);
            return 0;
        }
    }

    @Command(name = "archive", description = "Move the closed segment up to a signed digest (default: the latest) into"
            + " DATA/audit-archive as JSON lines that verify on their own (warden audit verify --export FILE).")
    static final class Archive implements Callable<Integer> {
        @ParentCommand
        AuditCommand audit;
        @Spec
        CommandSpec spec;
        @Option(names = "--up-to-digest", paramLabel = "N", description = "Archive up to this digest number.")
        Long digest;

        @Override
        public Integer call() {
            JsonNode result = AdminClient.admin(audit.parent.options)
                    .post("/audit/archive" + (digest == null ? "" : "?digest=" + digest), java.util.Map.of());
            if (!result.path("archived").asBoolean()) {
                spec.commandLine().getOut().println("Nothing to archive: no signed digest beyond what is archived already.");
            } else {
                spec.commandLine().getOut().printf("Archived events %d..%d (%d) to %s (sha256 %s)%n", result.path("fromSeq").asLong(),
                        result.path("toSeq").asLong(), result.path("events").asLong(), result.path("file").asText(),
                        result.path("sha256").asText());
            }
            return 0;
        }
    }

    @Command(name = "query", description = "Look events up through the admin API (action audit:LookupEvents).")
    static final class Query implements Callable<Integer> {
        @ParentCommand
        AuditCommand audit;
        @Spec
        CommandSpec spec;
        @Option(names = "--principal", description = "Principal id (thing name, admin credential id, ...).")
        String principal;
        @Option(names = "--action", description = "e.g. warden:CreateThing, iot:Connect.")
        String action;
        @Option(names = "--resource", description = "Resource ARN.")
        String resource;
        @Option(names = "--result", description = "allow, deny or error.")
        String result;
        @Option(names = "--from", paramLabel = "TIME", description = "ISO-8601 instant, inclusive.")
        String from;
        @Option(names = "--to", paramLabel = "TIME", description = "ISO-8601 instant, exclusive.")
        String to;
        @Option(names = "--limit", defaultValue = "100", description = "At most this many events (1-1000).")
        int limit;
        @Option(names = "--json", description = "Print the events as JSON.")
        boolean json;

        @Override
        public Integer call() {
            StringBuilder path = new StringBuilder("/audit/events?limit=").append(limit);
            param(path, "principal", principal);
            param(path, "action", action);
            param(path, "resource", resource);
            param(path, "result", result);
            param(path, "from", from);
            param(path, "to", to);
            JsonNode page = AdminClient.admin(audit.parent.options).get(path.toString());
            Output.listing(spec.commandLine().getOut(), json, page, "events", "time", "action", "result", "resource", "sourceIp");
            return 0;
        }

        private static void param(StringBuilder path, String name, String value) {
            if (value != null) {
                path.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
    }

    static Long nanos(String raw, String option) {
        if (raw == null) {
            return null;
        }
        try {
            Instant t = Instant.parse(raw);
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (DateTimeParseException e) {
            throw new CliException(option + " must be an ISO-8601 instant, e.g. 2026-11-29T10:00:00Z");
        }
    }
}
