package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.audit.export.JsonLinesExport;
import dev.warden.audit.store.AuditStore;
import dev.warden.node.config.WardenConfig;
import dev.warden.storage.Database;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code warden audit ...}: verify and search the audit trail. */
@Command(
        name = "audit",
        description = "The tamper-evident audit trail.",
        subcommands = {
            AuditVerifyCommand.class,
            AuditCommand.Query.class,
            AuditCommand.Export.class,
            AuditCommand.Archive.class,
            AuditProofCommands.Prove.class,
            AuditProofCommands.VerifyProof.class,
            AuditCommand.RotateKey.class
        })
final class AuditCommand {
    @ParentCommand
    WardenCommand parent;

    @Command(
            name = "export",
            description = "Write a region's digests and events as JSON lines (offline); the file verifies on its own.")
    static final class Export implements Callable<Integer> {
        @ParentCommand
        AuditCommand audit;

        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "FILE")
        Path out;

        @Option(
                names = "--chain",
                paramLabel = "REGION",
                description = "The region's chain (default: the node's region).")
        String region;

        @Override
        public Integer call() throws IOException {
            WardenConfig config = audit.parent.options.config();
            long events;
            try (Database database = Database.open(config.db(), config.dataDir());
                    var writer = Files.newBufferedWriter(out)) {
                events = JsonLinesExport.write(
                        new AuditStore(database), region != null ? region : config.region(), writer);
            }
            spec.commandLine().getOut().printf("Exported %d events to %s%n", events, out);
            return 0;
        }
    }

    @Command(
            name = "archive",
            description = "Move the closed segment up to a signed digest (default: the latest) into"
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
                spec.commandLine()
                        .getOut()
                        .println("Nothing to archive: no signed digest beyond what is archived already.");
            } else {
                spec.commandLine()
                        .getOut()
                        .printf(
                                "Archived events %d..%d (%d) to %s (sha256 %s)%n",
                                result.path("fromSeq").asLong(),
                                result.path("toSeq").asLong(),
                                result.path("events").asLong(),
                                result.path("file").asText(),
                                result.path("sha256").asText());
            }
            return 0;
        }
    }

    @Command(
            name = "rotate-key",
            description = "Rotate the region's audit-signing key through the admin API (action"
                    + " audit:RotateSigningKey): the old key signs a last checkpoint, the new one signs every later one; both stay"
                    + " in DATA/pki/audit-keys.json and GET /audit/keys.")
    static final class RotateKey implements Callable<Integer> {
        @ParentCommand
        AuditCommand audit;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode result =
                    AdminClient.admin(audit.parent.options).post("/audit/signing-key/rotate", java.util.Map.of());
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Rotated the audit-signing key: %s signed up to checkpoint %d, %s signs from"
                                    + " checkpoint %d on%n",
                            result.path("oldKeyId").asText(),
                            result.path("lastOldDigestSeq").asLong(),
                            result.path("newKeyId").asText(),
                            result.path("firstNewDigestSeq").asLong());
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

        private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
                new com.fasterxml.jackson.databind.ObjectMapper();

        @Option(
                names = "--region",
                paramLabel = "REGION",
                description = "Another region's chain, as the deployment's audit region keeps it (central audit).")
        String region;

        @Option(
                names = "--all-regions",
                description = "This region's events and every other region's chain kept here (in the audit region).")
        boolean allRegions;

        @Override
        public Integer call() {
            if (region != null && allRegions) {
                throw new CliException("give either --region or --all-regions, not both");
            }
            AdminClient client = AdminClient.admin(audit.parent.options);
            List<String> regions = allRegions ? keptRegions(client) : java.util.Collections.singletonList(region);
            com.fasterxml.jackson.databind.node.ObjectNode page = JSON.createObjectNode();
            com.fasterxml.jackson.databind.node.ArrayNode events = page.putArray("events");
            for (String r : regions) {
                JsonNode answer = client.get(path(r));
                answer.path("events").forEach(events::add);
                if (regions.size() == 1) {
                    page.set("next", answer.path("next"));
                }
            }
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    page,
                    "events",
                    "time",
                    "region",
                    "action",
                    "result",
                    "resource",
                    "sourceIp");
            return 0;
        }

        /** This node's region (null: the default) and, in the audit region, every member's. */
        private List<String> keptRegions(AdminClient client) {
            JsonNode view = client.get("/regions");
            List<String> regions = new java.util.ArrayList<>();
            regions.add(null);
            if (view.path("region").asText().equals(view.path("auditRegion").asText())) {
                view.path("members").forEach(m -> {
                    if (!m.path("region").asText().equals(view.path("region").asText())) {
                        regions.add(m.path("region").asText());
                    }
                });
            } else if (view.hasNonNull("auditRegion")) {
                spec.commandLine()
                        .getErr()
                        .println("(the other regions' chains are kept in the audit region, "
                                + view.path("auditRegion").asText() + ")");
            }
            return regions;
        }

        private String path(String forRegion) {
            StringBuilder path = new StringBuilder("/audit/events?limit=").append(limit);
            param(path, "region", forRegion);
            param(path, "principal", principal);
            param(path, "action", action);
            param(path, "resource", resource);
            param(path, "result", result);
            param(path, "from", from);
            param(path, "to", to);
            return path.toString();
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
