package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What surprised a new user of IAM, each now as they expected: an implicit deny from the simulator, an empty
 * credential that is refused instead of meaning admin, a typo'd action refused with a suggestion, a trust policy in
 * AWS's form, {@code whoami} for a principal with no policy, and no HIGH finding on an exact application resource.
 */
class IamNewcomerIT {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void offlinePolicyToolsAnswerAsTheAwsToolsDo() throws Exception {
        // GIVEN no policy at all WHEN simulated THEN the implicit deny, with its reason
        NodeHarness.CliResult simulated = Cli.run(java.util.List.of(
                "policy",
                "simulate",
                "--action",
                "iot:Publish",
                "--resource",
                "arn:warden:iot:eu-west-1:default:topic/devices/dev-001/telemetry"));
        assertThat(simulated.exitCode()).as(simulated.err()).isZero();
        assertThat(simulated.out()).startsWith("DENY").containsIgnoringCase("no");

        // GIVEN a typo in an action WHEN validated THEN refused, with the action meant
        Path typo = file("typo.json", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Subscibe", "Resource": "arn:warden:iot:eu-west-1:default:topicfilter/a"}]}
                """);
        NodeHarness.CliResult refused = Cli.run(java.util.List.of("policy", "validate", typo.toString()));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("iot:Subscibe").contains("did you mean 'iot:Subscribe'");

        // GIVEN an AWS ARN WHEN validated THEN refused, naming Warden's form
        Path aws = file("aws.json", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Publish", "Resource": "arn:aws:iot:eu-west-1:111122223333:topic/a"}]}
                """);
        NodeHarness.CliResult foreign = Cli.run(java.util.List.of("policy", "validate", aws.toString()));
        assertThat(foreign.exitCode()).isEqualTo(1);
        assertThat(foreign.err()).contains("arn:warden:");

        // GIVEN an application policy on one exact client WHEN analyzed THEN no HIGH finding (exit 0)
        Path app = file("dashboard-reader.json", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Connect", "Resource": "arn:warden:iot:eu-west-1:default:client/dashboard"},
                  {"Effect": "Allow", "Action": ["iot:Subscribe", "iot:Receive"],
                   "Resource": ["arn:warden:iot:eu-west-1:default:topicfilter/devices/+/telemetry",
                                "arn:warden:iot:eu-west-1:default:topic/devices/*/telemetry"]}]}
                """);
        NodeHarness.CliResult analyzed = Cli.run(java.util.List.of("policy", "analyze", app.toString()));
        assertThat(analyzed.out()).doesNotContain("client/dashboard");
    }

    @Test
    void theNodeRefusesTyposAndEmptyCredentialsAndTakesTrustInAwsForm() throws Exception {
        try (NodeHarness harness = new NodeHarness(dir.resolve("data"), null)) {
            // WHEN a policy with a typo'd action is created THEN 400 and nothing is stored
            NodeHarness.CliResult typo = harness.cli(
                    "policy", "create", "typo", "--file", file("t.json", """
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Subscibe", "Resource": "*"}]}
                    """).toString());
            assertThat(typo.exitCode()).isEqualTo(1);
            assertThat(typo.err()).contains("INVALID_POLICY").contains("did you mean 'iot:Subscribe'");
            assertThat(harness.cli("policy", "show", "typo").err()).contains("UNKNOWN_POLICY");

            // WHEN the credential given is empty THEN refused, never the bootstrap admin
            Path empty = file("empty.token", "");
            NodeHarness.CliResult emptyToken = harness.cli("device", "list", "--token-file", empty.toString());
            assertThat(emptyToken.exitCode()).isEqualTo(1);
            assertThat(emptyToken.err()).contains("is empty").contains("refusing to fall back");

            // GIVEN a user with no policy at all WHEN whoami THEN answered (sts:GetCallerIdentity needs no permission)
            Path pw = file("pw", "correct horse battery staple");
            Cli.ok(harness.cli("user", "create", "bob", "--password-file", pw.toString()));
            Path bob = file(
                    "bob.token",
                    Cli.ok(harness.cli("login", "bob", "--password-file", pw.toString()))
                            .out()
                            .trim());
            assertThat(Cli.ok(harness.cli("whoami", "--token-file", bob.toString()))
                            .out())
                    .contains("bob");

            // GIVEN a trust policy written as AWS writes it WHEN bob assumes the role THEN he gets a session
            Cli.ok(harness.cli(
                    "policy",
                    "create",
                    "assume",
                    "--file",
                    file("assume.json", """
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}
                    """).toString()));
            Cli.ok(harness.cli("policy", "attach", "assume", "--user", "bob"));
            Cli.ok(harness.cli(
                    "role",
                    "create",
                    "deployer",
                    "--trust-file",
                    file("trust.json", """
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                      "Principal": {"Warden": "arn:warden:iam::default:user/bob"}, "Action": "sts:AssumeRole"}]}
                    """).toString()));
            assertThat(Cli.ok(harness.cli("role", "assume", "deployer", "--token-file", bob.toString()))
                            .out()
                            .trim())
                    .isNotEmpty();
            Cli.ok(harness.cli("user", "create", "carol", "--password-file", pw.toString()));
            Cli.ok(harness.cli("policy", "attach", "assume", "--user", "carol"));
            Path carol = file(
                    "carol.token",
                    Cli.ok(harness.cli("login", "carol", "--password-file", pw.toString()))
                            .out()
                            .trim());
            assertThat(harness.cli("role", "assume", "deployer", "--token-file", carol.toString())
                            .err())
                    .contains("ACCESS_DENIED");
        }
    }
}
