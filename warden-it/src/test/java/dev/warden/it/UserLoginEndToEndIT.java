package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.iam.Totp;
import dev.warden.testkit.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * People end to end through the CLI: a user with an Argon2id password logs in for a short-lived ES256 token, a
 * policy that demands MFA refuses the password-only token, TOTP enrollment (checked with an independent TOTP
 * computation) makes it pass, recovery codes work once, failed logins lock the account, and every step is audited.
 */
class UserLoginEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void passwordMfaTokensAndAPolicyThatDemandsMfa() throws Exception {
        try (NodeHarness harness = new NodeHarness(dir.resolve("data"), null)) {
            Path password = dir.resolve("alice.pw");
            Files.writeString(password, "correct horse battery staple\n");
            ok(harness.cli("user", "create", "alice", "--password-file", password.toString()));
            Files.writeString(dir.resolve("ops.json"), """
                    {"Version": "2012-10-17", "Statement": [
                      {"Sid": "ReadAlways", "Effect": "Allow", "Action": ["warden:List*", "sts:GetCallerIdentity"], "Resource": "*"},
                      {"Sid": "OwnMfa", "Effect": "Allow", "Action": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice"],
                       "Resource": "arn:warden:iam::default:user/${warden:username}"},
                      {"Sid": "WriteOnlyWithMfa", "Effect": "Allow", "Action": "warden:CreateThing", "Resource": "*",
                       "Condition": {"Bool": {"warden:MultiFactorAuthPresent": "true"}}}]}
                    """);
            ok(harness.cli(
                    "policy", "create", "ops", "--file", dir.resolve("ops.json").toString()));
            ok(harness.cli("policy", "attach", "ops", "--user", "alice"));

            // Password only: a 15-minute ES256 token that reads but cannot write.
            JsonNode login =
                    JSON.readTree(ok(harness.cli("login", "alice", "--password-file", password.toString(), "--json"))
                            .out());
            String token = login.path("accessToken").asText();
            assertThat(token.split("\\.")).hasSize(3);
            assertThat(JSON.readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[0]))
                            .path("alg")
                            .asText())
                    .isEqualTo("ES256");
            assertThat(Instant.parse(login.path("expiresAt").asText()))
                    .isBefore(Instant.now().plusSeconds(15 * 60 + 5));
            assertThat(ok(harness.cli("user", "login", "alice", "--password-file", password.toString()))
                            .out()
                            .trim())
                    .as("warden user login is warden login")
                    .hasSizeGreaterThan(100);
            Path tokenFile = dir.resolve("token");
            Files.writeString(tokenFile, token);
            assertThat(ok(harness.cli("whoami", "--token-file", tokenFile.toString()))
                            .out())
                    .contains("user alice");
            ok(harness.cli("device", "list", "--token-file", tokenFile.toString()));
            NodeHarness.CliResult noMfa = harness.cli(
                    "device",
                    "enroll",
                    "dev-a",
                    "--out",
                    dir.resolve("a").toString(),
                    "--token-file",
                    tokenFile.toString());
            assertThat(noMfa.exitCode()).isEqualTo(1);
            assertThat(noMfa.err()).contains("ACCESS_DENIED");

            // The JWKS verifies the token's key id; openssl-free check: the key set names the token's kid.
            var jwks = Processes.run(
                    dir,
                    List.of(
                            "curl",
                            "-s",
                            "--cacert",
                            dir.resolve("data/pki/root.crt").toString(),
                            harness.adminUrl() + "/.well-known/jwks.json"));
            String kid = JSON.readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[0]))
                    .path("kid")
                    .asText();
            assertThat(JSON.readTree(jwks.output())
                            .path("keys")
                            .get(0)
                            .path("kid")
                            .asText())
                    .isEqualTo(kid);
            assertThat(jwks.output()).doesNotContain("\"d\"");

            // Alice enrolls her own authenticator with her token; the seed is checked by an independent TOTP.
            JsonNode enrollment = JSON.readTree(
                    ok(harness.cli("user", "mfa-enroll", "alice", "--json", "--token-file", tokenFile.toString()))
                            .out());
            assertThat(enrollment.path("otpauthUri").asText()).startsWith("otpauth://totp/");
            byte[] seed = Totp.base32Decode(enrollment.path("secret").asText());
            ok(harness.cli(
                    "user",
                    "mfa-confirm",
                    "alice",
                    "--code",
                    Totp.code(seed, Instant.now().minusSeconds(30)),
                    "--token-file",
                    tokenFile.toString()));

            NodeHarness.CliResult needsCode = harness.cli("login", "alice", "--password-file", password.toString());
            assertThat(needsCode.exitCode()).isEqualTo(1);
            assertThat(needsCode.err()).contains("MFA_REQUIRED");
            String mfaToken = ok(harness.cli(
                            "login",
                            "alice",
                            "--password-file",
                            password.toString(),
                            "--code",
                            Totp.code(seed, Instant.now())))
                    .out()
                    .trim();
            Files.writeString(tokenFile, mfaToken);
            ok(harness.cli(
                    "device",
                    "enroll",
                    "dev-a",
                    "--out",
                    dir.resolve("a").toString(),
                    "--token-file",
                    tokenFile.toString()));

            // A recovery code works exactly once.
            String recovery = enrollment.path("recoveryCodes").get(0).asText();
            ok(harness.cli("login", "alice", "--password-file", password.toString(), "--code", recovery));
            assertThat(harness.cli("login", "alice", "--password-file", password.toString(), "--code", recovery)
                            .err())
                    .contains("INVALID_MFA_CODE");

            // Wrong passwords lock the account, and then even the right one is refused.
            Path wrong = dir.resolve("wrong.pw");
            Files.writeString(wrong, "not her password at all\n");
            for (int i = 0; i < 5; i++) {
                assertThat(harness.cli("login", "alice", "--password-file", wrong.toString())
                                .exitCode())
                        .isEqualTo(1);
            }
            assertThat(harness.cli(
                                    "login",
                                    "alice",
                                    "--password-file",
                                    password.toString(),
                                    "--code",
                                    Totp.code(seed, Instant.now().plusSeconds(30)))
                            .err())
                    .contains("ACCOUNT_LOCKED");

            JsonNode logins = JSON.readTree(ok(harness.cli("audit", "query", "--action", "sts:Login", "--json"))
                            .out())
                    .path("events");
            assertThat(logins)
                    .anySatisfy(e -> assertThat(e.path("result").asText()).isEqualTo("ALLOW"));
            assertThat(logins)
                    .anySatisfy(
                            e -> assertThat(e.path("details").path("errorCode").asText())
                                    .isEqualTo("ACCOUNT_LOCKED"));
            assertThat(logins)
                    .allSatisfy(e ->
                            assertThat(e.path("principal").path("id").asText()).isEqualTo("alice"));
            JsonNode enrolled = JSON.readTree(
                            ok(harness.cli("audit", "query", "--action", "warden:CreateThing", "--json"))
                                    .out())
                    .path("events");
            assertThat(enrolled).anySatisfy(e -> {
                assertThat(e.path("principal").path("type").asText()).isEqualTo("user");
                assertThat(e.path("result").asText()).isEqualTo("ALLOW");
                assertThat(e.path("decidingStatement").asText()).isEqualTo("ops/WriteOnlyWithMfa");
            });
            // No password, code or token in the trail.
            String all = ok(harness.cli("audit", "query", "--json", "--limit", "1000"))
                    .out();
            assertThat(all)
                    .doesNotContain("correct horse")
                    .doesNotContain(mfaToken)
                    .doesNotContain(recovery);
        }
    }
}
