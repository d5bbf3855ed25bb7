package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.pki.Pem;
import dev.warden.testkit.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One scenario that touches every kind of event the audit trail must record — admin calls (allowed, denied,
 * failed), logins and MFA, MQTT connects, disconnects, authentication failures and denials, certificate issuance,
 * revocation and rotation, key use, secret reads, policy changes and a firewall ban — then checks each is in the
 * trail and that the trail verifies.
 */
@Tag("mosquitto")
class AuditCoverageEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private List<String> mosquitto(NodeHarness harness, String tool, String thing, String... args) {
        Path d = dir.resolve(thing);
        List<String> command = new ArrayList<>(List.of(
                tool,
                "-h",
                "localhost",
                "-p",
                String.valueOf(harness.node.mqttPort()),
                "--cafile",
                dir.resolve("data/pki/root.crt").toString(),
                "--cert",
                d.resolve(thing + ".crt").toString(),
                "--key",
                d.resolve(thing + ".key").toString(),
                "-i",
                thing,
                "-V",
                "mqttv5"));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void everyKindOfEventLandsInTheTrail() throws Exception {
        Path data = dir.resolve("data");
        try (NodeHarness harness = new NodeHarness(data, null)) {
            // Admin calls, certificate issuance and a policy change.
            ok(harness.cli(
                    "device", "enroll", "dev-1", "--out", dir.resolve("dev-1").toString()));
            ok(harness.cli(
                    "device", "enroll", "dev-2", "--out", dir.resolve("dev-2").toString()));
            assertThat(harness.cli("device", "show", "nobody").exitCode()).isEqualTo(1);
            Files.writeString(
                    dir.resolve("p.json"),
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Action\":\"warden:List*\",\"Resource\":\"*\"}]}");
            ok(harness.cli(
                    "policy",
                    "create",
                    "lister",
                    "--file",
                    dir.resolve("p.json").toString()));
            // Login and MFA.
            Files.writeString(dir.resolve("pw"), "a long enough password\n");
            ok(harness.cli(
                    "user",
                    "create",
                    "bob",
                    "--password-file",
                    dir.resolve("pw").toString()));
            ok(harness.cli("policy", "attach", "lister", "--user", "bob"));
            ok(harness.cli("login", "bob", "--password-file", dir.resolve("pw").toString()));
            ok(harness.cli("user", "mfa-enroll", "bob"));
            // MQTT: a connect, a disconnect, a denial.
            Processes.run(
                    dir,
                    mosquitto(harness, "mosquitto_pub", "dev-1", "-t", "devices/dev-2/telemetry", "-m", "x", "-q", "1"),
                    15);
            // Rotation, then revocation and a refused reconnect.
            ok(harness.cli(
                    "device", "rotate", "dev-2", "--dir", dir.resolve("dev-2").toString()));
            ok(harness.cli("device", "revoke", "dev-1", "--reason", "keyCompromise"));
            Processes.run(
                    dir, mosquitto(harness, "mosquitto_pub", "dev-1", "-t", "devices/dev-1/telemetry", "-m", "x"), 15);
            // Key use and a secret read.
            ok(harness.cli("kms", "create-key", "telemetry"));
            ok(harness.cli(
                    "kms", "encrypt", "telemetry", "--owner", "thing/dev-2", "--record", "r1", "--plaintext", "21.5"));
            ok(harness.cli("secret", "put", "webhook-key", "--value", "s3cr3t-value"));
            ok(harness.cli("secret", "get", "webhook-key"));
            // A handshake flood without certificates ends in a ban.
            floodUntilBanned(harness);

            harness.node.audit().log().flushAndSign();
            JsonNode events = JSON.readTree(ok(harness.cli("audit", "query", "--json", "--limit", "1000"))
                            .out())
                    .path("events");
            Set<String> seen = new HashSet<>();
            events.forEach(e ->
                    seen.add(e.path("action").asText() + " " + e.path("result").asText()));
            assertThat(seen)
                    .as(seen.toString())
                    .contains(
                            "warden:CreateThing ALLOW",
                            "warden:DescribeThing ERROR",
                            "iam:CreatePolicy ALLOW",
                            "iam:AttachPolicy ALLOW",
                            "iam:CreateUser ALLOW",
                            "sts:Login ALLOW",
                            "iam:CreateVirtualMFADevice ALLOW",
                            "iot:Connect ALLOW",
                            "iot:Disconnect ALLOW",
                            "iot:Publish DENY",
                            "iot:Connect DENY",
                            "iot:TlsHandshake DENY",
                            "iot:BanSourceIp DENY",
                            "iot:RotateCertificate ALLOW",
                            "pki:IssueCertificate ALLOW",
                            "pki:RevokeCertificate ALLOW",
                            "warden:RevokeThingCertificates ALLOW",
                            "kms:CreateKey ALLOW",
                            "kms:Encrypt ALLOW",
                            "secrets:GetSecretValue ALLOW");
            assertThat(events.toString()).doesNotContain("s3cr3t-value").doesNotContain("a long enough password");
        }
        NodeHarness.CliResult verify = Cli.run(List.of("audit", "verify", "--data", data.toString()));
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("INTACT");
    }

    private void floodUntilBanned(NodeHarness harness) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", Pem.parseCertificate(Files.readString(dir.resolve("data/pki/root.crt"))));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, factory.getTrustManagers(), null);
        for (int i = 0; i < 40 && harness.node.gateway().firewall().bans().isEmpty(); i++) {
            try (SSLSocket socket =
                    (SSLSocket) tls.getSocketFactory().createSocket("localhost", harness.node.mqttPort())) {
                socket.setSoTimeout(2000);
                socket.startHandshake();
                socket.getInputStream().read();
            } catch (java.io.IOException expected) {
                // refused without a certificate
            }
        }
        assertThat(harness.node.gateway().firewall().bans()).isNotEmpty();
    }
}
