package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testkit.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console of a member region: a user made in the control region (and replicated) has no TOTP seed in a member
 * (seeds stay where they were enrolled), so the member's console refuses a password sign-in without one, and the user
 * signs in there with a client certificate the member issued from the user's own CSR; what the console then shows is
 * decided by the member's replica of IAM. curl and openssl are the clients, trusting only the deployment root.
 */
@Tag("openssl")
class ConsoleMemberRegionIT {
    @TempDir
    Path dir;

    @Test
    void aUserOfTheDeploymentSignsInToAMembersConsoleWithACertificateTheMemberIssued() throws Exception {
        try (NodeHarness eu = NodeHarness.region(dir, "eu-west-1");
                NodeHarness us = NodeHarness.region(dir, "us-east-1")) {
            // GIVEN us-east-1 joined eu-west-1's deployment, and an operator made and given a policy in eu-west-1
            String token = ok(eu.cli("region", "token", "us-east-1", "--ttl", "10m"))
                    .out()
                    .strip();
            ok(us.cli("region", "join", "--token", token));
            Files.writeString(dir.resolve("pw"), "correct horse battery staple\n");
            ok(eu.cli(
                    "user",
                    "create",
                    "ops-us",
                    "--password-file",
                    dir.resolve("pw").toString()));
            Files.writeString(dir.resolve("ops-us.json"), """
                    {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Action": ["sts:GetCallerIdentity", "sts:Logout", "warden:ListThings"],
                       "Resource": "*"}]}
                    """);
            ok(eu.cli(
                    "policy",
                    "create",
                    "ops-us-console",
                    "--file",
                    dir.resolve("ops-us.json").toString()));
            ok(eu.cli("policy", "attach", "ops-us-console", "--user", "ops-us"));
            awaitReplicated(us, "ops-us");
            ok(us.cli(
                    "device",
                    "enroll",
                    "sensor-us",
                    "--out",
                    dir.resolve("sensor-us").toString()));
            Path bundle = dir.resolve("deployment-root.pem");
            ok(us.cli("region", "trust-bundle", "--out", bundle.toString()));
            ConsoleCurl console = new ConsoleCurl(dir, us.adminUrl(), bundle);

            // WHEN the operator's key and CSR (openssl) get a certificate from the member region
            console.run(List.of("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ops.key"));
            console.run(List.of("openssl", "req", "-new", "-key", "ops.key", "-subj", "/CN=ops-us", "-out", "ops.csr"));
            ok(us.cli(
                    "user",
                    "cert",
                    "ops-us",
                    "--csr",
                    dir.resolve("ops.csr").toString(),
                    "--out",
                    dir.resolve("ops.crt").toString()));

            // THEN it signs in to the member's console, which shows that region's fleet as its IAM replica allows
            ConsoleCurl.SignIn signIn = console.signIn("ops", "ops.crt", "ops.key");
            assertThat(signIn.status()).isEqualTo("303");
            assertThat(signIn.session()).isNotNull();
            String devices = console.get("/console/devices", signIn.session());
            assertThat(devices).startsWith("200\n").contains("sensor-us", "ops-us");
            // AND a page its policy does not allow is a 403, decided in the member region
            assertThat(console.get("/console/audit", signIn.session())).startsWith("403\n");

            // AND the same certificate signs no one in at the control region, which never issued it: its listener
            // does not even finish the handshake (the leaf alone chains to no root it trusts)
            Processes.Result atControl = Processes.run(
                    dir,
                    List.of(
                            "curl",
                            "-sS",
                            "--cacert",
                            bundle.toString(),
                            "--cert",
                            "ops.crt",
                            "--key",
                            "ops.key",
                            "-o",
                            "ops-at-eu.html",
                            "-w",
                            "%{http_code}",
                            eu.adminUrl() + "/console/login"),
                    30);
            assertThat(atControl.exitCode()).isNotZero();
            assertThat(atControl.output()).contains("certificate unknown");
        }
    }

    private static void awaitReplicated(NodeHarness member, String user) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!member.cli("user", "list").out().contains(user)) {
            assertThat(System.nanoTime()).as(user + " replicated within 20 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
