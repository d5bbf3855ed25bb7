package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static dev.warden.it.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.storage.Database;
import dev.warden.testkit.PostgresFixture;
import dev.warden.testkit.Processes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The audit trail of a real node: admin calls (allowed, denied, failed) and certificate changes are recorded, the
 * trail is queryable, {@code warden audit verify} proves it intact with the server stopped and names an edited row,
 * and admin actions are refused while the trail cannot write.
 */
@Tag("postgresql")
class AuditTrailEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Stream<String> backends() {
        return Stream.of("sqlite", "postgresql");
    }

    private static List<JsonNode> events(NodeHarness harness, String... filters) throws Exception {
        List<String> args = new ArrayList<>(List.of("audit", "query", "--json", "--limit", "1000"));
        args.addAll(List.of(filters));
        JsonNode page =
                JSON.readTree(ok(harness.cli(args.toArray(String[]::new))).out());
        List<JsonNode> result = new ArrayList<>();
        page.path("events").forEach(result::add);
        return result;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void everyAdminCallAndCertificateChangeIsRecordedAndVerifiable(String backend) throws Exception {
        String db = "postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null;
        Path data = dir.resolve("data");
        String serial;
        String editedEventId;
        NodeHarness harness = new NodeHarness(data, db);
        try {
            String enrolled = ok(harness.cli(
                            "device",
                            "enroll",
                            "dev-001",
                            "--out",
                            dir.resolve("dev").toString(),
                            "--json"))
                    .out();
            serial = JSON.readTree(enrolled).path("serial").asText();
            assertThat(serial).isNotBlank();
            ok(harness.cli("cert", "revoke", serial, "--reason", "keyCompromise"));
            assertThat(harness.cli("device", "show", "no-such-device").exitCode())
                    .isEqualTo(1);
            // An unauthenticated call, from outside the CLI.
            var anonymous = Processes.run(
                    dir,
                    List.of(
                            "curl",
                            "-s",
                            "-o",
                            "/dev/null",
                            "-w",
                            "%{http_code}",
                            "--cacert",
                            data.resolve("pki/root.crt").toString(),
                            harness.adminUrl() + "/things"));
            assertThat(anonymous.output()).isEqualTo("401");

            // The intent is durable before the thing exists; the outcome names it.
            List<JsonNode> created = events(harness, "--action", "warden:CreateThing");
            assertThat(created).hasSize(2);
            JsonNode intent = created.get(0);
            assertThat(intent.path("details").path("stage").asText()).isEqualTo("intent");
            JsonNode create = created.get(1);
            assertThat(create.path("details").path("intentSeq").asLong())
                    .isEqualTo(intent.path("seq").asLong());
            assertThat(create.path("result").asText()).isEqualTo("ALLOW");
            assertThat(create.path("resource").asText()).isEqualTo("arn:warden:iot:eu-west-1:default:thing/dev-001");
            assertThat(create.path("principal").path("type").asText()).isEqualTo("admin");
            assertThat(create.path("principal").path("credential").asText()).startsWith("sha256:");
            assertThat(create.path("sourceIp").asText()).isEqualTo("127.0.0.1");
            assertThat(create.path("requestId").asText()).isNotBlank();
            assertThat(create.path("region").asText()).isEqualTo("eu-west-1");

            JsonNode issued =
                    events(harness, "--action", "pki:IssueCertificate").get(0);
            assertThat(issued.path("details").path("serial").asText()).isEqualTo(serial);
            assertThat(issued.path("principal").path("type").asText()).isEqualTo("admin");
            JsonNode revokedCert =
                    events(harness, "--action", "pki:RevokeCertificate").get(0);
            assertThat(revokedCert.path("details").path("reason").asText()).isEqualTo("keyCompromise");
            assertThat(events(harness, "--action", "warden:RevokeCertificate")
                            .get(0)
                            .path("result")
                            .asText())
                    .isEqualTo("ALLOW");

            JsonNode missing = events(harness, "--action", "warden:DescribeThing", "--result", "error")
                    .get(0);
            assertThat(missing.path("details").path("errorCode").asText()).isEqualTo("UNKNOWN_THING");
            JsonNode denied = events(harness, "--result", "deny").get(0);
            assertThat(denied.path("action").asText()).isEqualTo("warden:ListThings");
            assertThat(denied.path("principal").path("type").asText()).isEqualTo("anonymous");
            assertThat(denied.path("details").path("status").asText()).isEqualTo("401");
            // Looking events up is itself recorded.
            assertThat(events(harness, "--action", "audit:LookupEvents")).isNotEmpty();
            editedEventId = created.get(0).path("eventId").asText();
        } finally {
            harness.close();
        }

        // The server is stopped: verification works offline, with only the public key.
        List<String> verify = new ArrayList<>(List.of("audit", "verify", "--data", data.toString()));
        if (db != null) {
            verify.addAll(List.of("--db", db));
        }
        NodeHarness.CliResult intact = run(verify);
        assertThat(intact.exitCode()).as(intact.out() + intact.err()).isZero();
        assertThat(intact.out()).contains("INTACT").contains("0 events after the last checkpoint");

        // An export carries its digests and verifies on its own.
        Path exported = dir.resolve("trail.jsonl");
        List<String> export =
                new ArrayList<>(List.of("audit", "export", "--out", exported.toString(), "--data", data.toString()));
        List<String> verifyExport = new ArrayList<>(List.of(
                "audit",
                "verify",
                "--export",
                exported.toString(),
                "--public-key",
                data.resolve("pki/audit-signing.pub").toString(),
                "--data",
                data.toString()));
        if (db != null) {
            export.addAll(List.of("--db", db));
        }
        assertThat(run(export).exitCode()).isZero();
        NodeHarness.CliResult exportIntact = run(verifyExport);
        assertThat(exportIntact.exitCode())
                .as(exportIntact.out() + exportIntact.err())
                .isZero();
        assertThat(exportIntact.out()).contains("INTACT");

        try (Database database = Database.open(db, data)) {
            database.jdbi()
                    .useHandle(h -> h.createUpdate("UPDATE audit_events SET result = 'DENY' WHERE event_id = :id")
                            .bind("id", editedEventId)
                            .execute());
        }
        NodeHarness.CliResult broken = run(verify);
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.out()).contains("BROKEN: MODIFIED").contains(editedEventId);
    }

    @org.junit.jupiter.api.Test
    void archivingMovesAClosedSegmentOutAndEverythingStillVerifies() throws Exception {
        Path data = dir.resolve("data");
        String archive;
        try (NodeHarness harness = new NodeHarness(data, null)) {
            ok(harness.cli(
                    "device", "enroll", "dev-001", "--out", dir.resolve("dev").toString()));
            harness.node.audit().log().flushAndSign();
            String out = ok(harness.cli("audit", "archive")).out();
            assertThat(out).startsWith("Archived events 1..");
            archive = out.replaceAll("(?s).* to (\\S+) \\(sha256.*", "$1");
            ok(harness.cli("device", "list"));
            assertThat(events(harness, "--action", "audit:ArchiveEvents")).isNotEmpty();
        }
        NodeHarness.CliResult rest = run(List.of("audit", "verify", "--data", data.toString()));
        assertThat(rest.exitCode()).as(rest.out()).isZero();
        NodeHarness.CliResult archived =
                run(List.of("audit", "verify", "--export", archive, "--data", data.toString()));
        assertThat(archived.exitCode()).as(archived.out()).isZero();
        assertThat(archived.out()).contains("INTACT");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void adminActionsAreRefusedWhileTheTrailCannotWrite(String backend) throws Exception {
        String db = "postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null;
        try (NodeHarness harness = new NodeHarness(dir.resolve("data"), db)) {
            ok(harness.cli("device", "list"));
            harness.node
                    .database()
                    .jdbi()
                    .useHandle(h -> h.execute("ALTER TABLE audit_events RENAME TO audit_events_away"));
            // The first call finds out: its outcome is reported as unknown. From then on nothing runs.
            NodeHarness.CliResult first = harness.cli("device", "list");
            assertThat(first.exitCode()).isEqualTo(1);
            assertThat(first.err()).contains("AUDIT_UNAVAILABLE");
            NodeHarness.CliResult refused = harness.cli(
                    "device",
                    "enroll",
                    "dev-unrecorded",
                    "--out",
                    dir.resolve("d").toString());
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("AUDIT_UNAVAILABLE");

            harness.node
                    .database()
                    .jdbi()
                    .useHandle(h -> h.execute("ALTER TABLE audit_events_away RENAME TO audit_events"));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!harness.node.audit().healthy() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(harness.node.audit().healthy()).isTrue();
            NodeHarness.CliResult show = harness.cli("device", "show", "dev-unrecorded");
            assertThat(show.exitCode()).isEqualTo(1);
            assertThat(show.err()).contains("UNKNOWN_THING");
        }
    }
}
