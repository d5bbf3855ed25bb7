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
 * Group policies reach their members; a role can be assumed only by those its trust policy names; a role session
 * has the role's permissions, narrowed by a session policy, and acts in the trail as the role with its assumer.
 */
class GroupsAndRolesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void groupsRolesAndSessionPolicies() throws Exception {
        try (NodeHarness harness = new NodeHarness(dir.resolve("data"), null)) {
            Path pw = file("pw", "a long enough password\n");
            ok(harness.cli("user", "create", "bob", "--password-file", pw.toString()));
            ok(harness.cli("user", "create", "carol", "--password-file", pw.toString()));
            ok(harness.cli("group", "create", "ops"));
            ok(harness.cli("group", "add-user", "ops", "bob"));
            ok(harness.cli(
                    "policy",
                    "create",
                    "ops-read",
                    "--file",
                    file("ops-read.json", """
                    {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Action": ["warden:List*", "sts:AssumeRole"], "Resource": "*"}]}
                    """).toString()));
            ok(harness.cli("policy", "attach", "ops-read", "--group", "ops"));

            Path bob = file(
                    "bob.token",
                    ok(harness.cli("login", "bob", "--password-file", pw.toString()))
                            .out()
                            .trim());
            Path carol = file(
                    "carol.token",
                    ok(harness.cli("login", "carol", "--password-file", pw.toString()))
                            .out()
                            .trim());
            ok(harness.cli("device", "list", "--token-file", bob.toString()));
            assertThat(harness.cli("device", "list", "--token-file", carol.toString())
                            .err())
                    .contains("ACCESS_DENIED");

            ok(harness.cli(
                    "policy",
                    "create",
                    "deploy",
                    "--file",
                    file("deploy.json", """
                    {"Version": "2012-10-17", "Statement": [
                      {"Sid": "Deploy", "Effect": "Allow", "Action": ["warden:CreateThing", "warden:ListThings"], "Resource": "*"}]}
                    """).toString()));
            ok(harness.cli(
                    "role",
                    "create",
                    "deployer",
                    "--trust-file",
                    file("trust.json", """
                    {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:warden:iam::default:user/bob"}]}
                    """).toString()));
            ok(harness.cli("policy", "attach", "deploy", "--role", "deployer"));

            // Bob may assume it (his group allows sts:AssumeRole, the trust policy names him); carol may not.
            Path session = file(
                    "session.token",
                    ok(harness.cli("role", "assume", "deployer", "--token-file", bob.toString()))
                            .out()
                            .trim());
            assertThat(harness.cli(
                                    "device",
                                    "enroll",
                                    "dev-x",
                                    "--out",
                                    dir.resolve("x").toString(),
                                    "--token-file",
                                    bob.toString())
                            .err())
                    .contains("ACCESS_DENIED");
            ok(harness.cli(
                    "device",
                    "enroll",
                    "dev-x",
                    "--out",
                    dir.resolve("x").toString(),
                    "--token-file",
                    session.toString()));
            assertThat(harness.cli("role", "assume", "deployer", "--token-file", carol.toString())
                            .err())
                    .contains("ACCESS_DENIED");

            // A session policy narrows the session to listing.
            Path narrow = file(
                    "narrow.token",
                    ok(harness.cli(
                                    "role",
                                    "assume",
                                    "deployer",
                                    "--token-file",
                                    bob.toString(),
                                    "--session-policy",
                                    file("list-only.json", """
                            {"Version": "2012-10-17", "Statement": [
                              {"Effect": "Allow", "Action": "warden:List*", "Resource": "*"}]}
                            """).toString()))
                            .out()
                            .trim());
            ok(harness.cli("device", "list", "--token-file", narrow.toString()));
            assertThat(harness.cli(
                                    "device",
                                    "enroll",
                                    "dev-y",
                                    "--out",
                                    dir.resolve("y").toString(),
                                    "--token-file",
                                    narrow.toString())
                            .err())
                    .contains("ACCESS_DENIED");

            JsonNode created = JSON.readTree(ok(harness.cli(
                                    "audit", "query", "--action", "warden:CreateThing", "--result", "allow", "--json"))
                            .out())
                    .path("events")
                    .get(0);
            assertThat(created.path("principal").path("type").asText()).isEqualTo("role");
            assertThat(created.path("principal").path("id").asText()).isEqualTo("deployer");
            assertThat(created.path("principal").path("credential").asText()).contains("by user:bob");
        }
    }

    @Test
    void serviceAccountsUseApiKeysThatCanBeRevoked() throws Exception {
        try (NodeHarness harness = new NodeHarness(dir.resolve("data"), null)) {
            ok(harness.cli("service-account", "create", "dashboard"));
            NodeHarness.CliResult created =
                    ok(harness.cli("service-account", "create-key", "dashboard", "--expires-in-days", "30"));
            String key = created.out().trim();
            String keyId = created.err().replaceAll("(?s).*key (\\S+) expires.*", "$1");
            assertThat(key).startsWith("wdn_key_");
            Path keyFile = file("key", key);
            assertThat(harness.cli("device", "list", "--token-file", keyFile.toString())
                            .err())
                    .contains("ACCESS_DENIED");
            ok(harness.cli(
                    "policy",
                    "create",
                    "lister",
                    "--file",
                    file("lister.json", """
                    {"Version": "2012-10-17", "Statement": [
                      {"Sid": "List", "Effect": "Allow", "Action": "warden:List*", "Resource": "*"},
                      {"Sid": "Create", "Effect": "Allow", "Action": "warden:CreateThing", "Resource": "*"}]}
                    """).toString()));
            ok(harness.cli("policy", "attach", "lister", "--service", "dashboard"));
            ok(harness.cli("device", "list", "--token-file", keyFile.toString()));
            // The trail shows which statements were ever used: Create was not.
            String unused = ok(harness.cli("policy", "unused", "--type", "service", "--principal", "dashboard"))
                    .out();
            assertThat(unused).contains("statement Create").doesNotContain("statement List");
            ok(harness.cli("service-account", "revoke-key", "dashboard", keyId));
            assertThat(harness.cli("device", "list", "--token-file", keyFile.toString())
                            .err())
                    .contains("UNAUTHENTICATED");
            // Only the hash is stored: the key appears in no file of the data directory (database and WAL included).
            try (var files = Files.walk(dir.resolve("data"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                            .as(f.toString())
                            .doesNotContain(key);
                }
            }
        }
    }
}
