package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key and secret routes are IAM actions on key and secret ARNs: a credential allowed to use one key and read some
 * secrets is refused everything else.
 */
class KmsAuthorizationIT {
    @TempDir
    Path dir;

    @Test
    void aNarrowPolicyAllowsItsKeyAndSecretsOnly() throws Exception {
        try (NodeHarness harness = new NodeHarness(dir.resolve("data"), null)) {
            String me = ok(harness.cli("whoami")).out().trim().split(" ")[1];
            ok(harness.cli("kms", "create-key", "telemetry"));
            ok(harness.cli("secret", "put", "app-token", "--value", "t-1"));
            ok(harness.cli("secret", "put", "root-password", "--value", "r-1"));
            Path ciphertext = dir.resolve("c.b64");
            ok(harness.cli(
                    "kms",
                    "encrypt",
                    "telemetry",
                    "--owner",
                    "o",
                    "--record",
                    "r",
                    "--plaintext",
                    "x",
                    "--out",
                    ciphertext.toString()));

            // GIVEN a credential limited to encrypting under one key and reading app-* secrets
            Files.writeString(dir.resolve("narrow.json"), """
                    {"Version": "2012-10-17", "Statement": [
                      {"Sid": "UseTelemetryKey", "Effect": "Allow", "Action": ["kms:Encrypt", "kms:DescribeKey"],
                       "Resource": "arn:warden:kms:eu-west-1:default:key/telemetry"},
                      {"Sid": "ReadAppSecrets", "Effect": "Allow", "Action": "secrets:GetSecretValue",
                       "Resource": "arn:warden:secrets:eu-west-1:default:secret/app-*"},
                      {"Sid": "Admin", "Effect": "Allow", "Action": ["iam:*", "audit:*", "sts:*"], "Resource": "*"}]}
                    """);
            ok(harness.cli(
                    "policy",
                    "create",
                    "narrow",
                    "--file",
                    dir.resolve("narrow.json").toString()));
            ok(harness.cli("policy", "attach", "narrow", "--admin", me));
            ok(harness.cli("policy", "detach", "warden-admin-full", "--admin", me));

            // THEN exactly what it names is allowed
            ok(harness.cli("kms", "encrypt", "telemetry", "--owner", "o", "--record", "r2", "--plaintext", "y"));
            ok(harness.cli("kms", "describe-key", "telemetry"));
            assertThat(ok(harness.cli("secret", "get", "app-token")).out()).isEqualTo("t-1\n");

            // AND everything else is refused before it reaches the KMS
            assertDenied(
                    harness.cli("kms", "encrypt", "default", "--owner", "o", "--record", "r", "--plaintext", "z"),
                    "kms:Encrypt");
            assertDenied(harness.cli("kms", "rotate", "telemetry"), "kms:RotateKey");
            assertDenied(harness.cli("secret", "get", "root-password"), "secrets:GetSecretValue");
            assertDenied(harness.cli("secret", "list"), "secrets:ListSecrets");
            assertDenied(harness.cli("secret", "put", "app-token", "--value", "t-2"), "secrets:PutSecretValue");
            // Decrypt is authorized on key/* (the ciphertext names its key only inside the KMS): a per-key grant is not
            // enough.
            assertDenied(
                    harness.cli("kms", "decrypt", "--owner", "o", "--record", "r", "--in", ciphertext.toString()),
                    "kms:Decrypt");
        }
    }

    private static void assertDenied(NodeHarness.CliResult result, String action) {
        assertThat(result.exitCode()).as(result.out()).isEqualTo(1);
        assertThat(result.err()).contains("ACCESS_DENIED").contains(action);
    }
}
