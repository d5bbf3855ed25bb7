package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every admin API call is decided by the policy engine for the policies attached to the calling credential: a
 * narrower policy takes effect on the next call, an explicit Deny wins over the full-access policy, and each
 * denial lands in the audit trail with the statement that decided it.
 */
class AdminAuthorizationIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void policiesAttachedToTheCredentialDecideEveryCall() throws Exception {
        try (NodeHarness harness = new NodeHarness(dir.resolve("data"), null)) {
            String me = ok(harness.cli("whoami")).out().trim().split(" ")[1];
            assertThat(ok(harness.cli("policy", "show", "warden-admin-full")).out())
                    .contains("admin:" + me);

            Files.writeString(dir.resolve("read-only.json"), """
                    {"Version": "2012-10-17", "Statement": [
                      {"Sid": "ReadEverything", "Effect": "Allow",
                       "Action": ["warden:List*", "warden:Describe*", "iam:*", "audit:*", "sts:*"], "Resource": "*"}]}
                    """);
            ok(harness.cli(
                    "policy",
                    "create",
                    "read-only",
                    "--file",
                    dir.resolve("read-only.json").toString()));
            ok(harness.cli("policy", "attach", "read-only", "--admin", me));
            ok(harness.cli("policy", "detach", "warden-admin-full", "--admin", me));

            NodeHarness.CliResult refused = harness.cli(
                    "device", "enroll", "dev-x", "--out", dir.resolve("x").toString());
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("ACCESS_DENIED").contains("warden:CreateThing");
            ok(harness.cli("device", "list"));

            // An explicit Deny wins even over full access.
            ok(harness.cli("policy", "attach", "warden-admin-full", "--admin", me));
            Files.writeString(dir.resolve("no-delete.json"), """
                    {"Version": "2012-10-17", "Statement": [
                      {"Sid": "NeverDeleteThings", "Effect": "Deny", "Action": "warden:DeleteThing", "Resource": "*"}]}
                    """);
            ok(harness.cli(
                    "policy",
                    "create",
                    "no-delete",
                    "--file",
                    dir.resolve("no-delete.json").toString()));
            ok(harness.cli("policy", "attach", "no-delete", "--admin", me));
            ok(harness.cli(
                    "device", "enroll", "dev-y", "--out", dir.resolve("y").toString()));
            NodeHarness.CliResult denied = harness.cli("device", "delete", "dev-y");
            assertThat(denied.exitCode()).isEqualTo(1);
            assertThat(denied.err()).contains("ACCESS_DENIED");
            assertThat(ok(harness.cli("device", "show", "dev-y")).out()).contains("dev-y");

            JsonNode events = JSON.readTree(ok(harness.cli("audit", "query", "--result", "deny", "--json"))
                            .out())
                    .path("events");
            assertThat(events).anySatisfy(e -> {
                assertThat(e.path("action").asText()).isEqualTo("warden:CreateThing");
                assertThat(e.path("decidingStatement").asText()).isEqualTo("IMPLICIT_DENY");
                assertThat(e.path("details").path("errorCode").asText()).isEqualTo("ACCESS_DENIED");
            });
            assertThat(events).anySatisfy(e -> {
                assertThat(e.path("action").asText()).isEqualTo("warden:DeleteThing");
                assertThat(e.path("decidingStatement").asText()).isEqualTo("no-delete/NeverDeleteThings");
            });
            JsonNode listed = JSON.readTree(ok(harness.cli("audit", "query", "--action", "warden:ListThings", "--json"))
                            .out())
                    .path("events")
                    .get(0);
            assertThat(listed.path("decidingStatement").asText()).isEqualTo("read-only/ReadEverything");
            JsonNode created = JSON.readTree(ok(harness.cli("audit", "query", "--action", "iam:CreatePolicy", "--json"))
                            .out())
                    .path("events")
                    .get(0);
            assertThat(created.path("decidingStatement").asText()).isEqualTo("warden-admin-full/AdministratorAccess");
        }
    }
}
