package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.pki.Pem;
import dev.warden.testkit.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One trust anchor for the deployment, checked by a verifier Warden did not write (openssl): after us-east-1 joins
 * eu-west-1's deployment, the trust bundle (eu-west-1's root) verifies us-east-1's gateway and admin listener, which
 * present us-east-1's root cross-certified by it, and us-east-1's device certificates with that cross certificate as
 * an intermediate; a root of the same name that is not the deployment's verifies none of it.
 */
@Tag("openssl")
class DeploymentRootIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String THING = "sensor-1";

    @TempDir
    Path dir;

    @Test
    void aDeviceThatPinsOnlyTheDeploymentRootVerifiesAMembersGatewayAndCertificates() throws Exception {
        try (NodeHarness eu = NodeHarness.region(dir, "eu-west-1");
                NodeHarness us = NodeHarness.region(dir, "us-east-1")) {
            // GIVEN us-east-1 joined eu-west-1's deployment, and a device enrolled in us-east-1
            String token = ok(eu.cli("region", "token", "us-east-1", "--ttl", "10m"))
                    .out()
                    .strip();
            ok(us.cli("region", "join", "--token", token));
            Path device = dir.resolve(THING);
            ok(us.cli("device", "enroll", THING, "--out", device.toString()));

            // WHEN an operator takes the trust bundle from the member region
            Path bundle = dir.resolve("deployment-root.pem");
            ok(us.cli("region", "trust-bundle", "--out", bundle.toString()));

            // THEN it is the control region's root, the same as the control region gives
            X509Certificate deploymentRoot = Pem.parseCertificate(Files.readString(bundle));
            assertThat(deploymentRoot).isEqualTo(root(eu));
            assertThat(ok(eu.cli("region", "trust-bundle")).out()).isEqualTo(Files.readString(bundle));

            // AND openssl, trusting only that root, verifies us-east-1's gateway (the device's own certificate sent)
            String gateway = "127.0.0.1:" + us.node.mqttPort();
            Path cert = device.resolve(THING + ".crt");
            Path key = device.resolve(THING + ".key");
            assertThat(sClient(gateway, bundle, cert, key)).contains("Verify return code: 0 (ok)");
            // AND us-east-1's admin listener
            String admin = "127.0.0.1:" + us.node.adminPort();
            assertThat(sClient(admin, bundle, null, null)).contains("Verify return code: 0 (ok)");
            // AND a client that pinned us-east-1's own root before the join still verifies it
            Path usRoot = Files.writeString(dir.resolve("us-root.pem"), Pem.encode(root(us)));
            assertThat(sClient(gateway, usRoot, cert, key)).contains("Verify return code: 0 (ok)");

            // AND the device's certificate verifies under the deployment root, the cross certificate an intermediate
            JsonNode trust =
                    JSON.readTree(ok(us.cli("region", "trust-bundle", "--json")).out());
            X509Certificate issuing = Pem.parseCertificates(Files.readString(device.resolve("ca-chain.pem")))
                    .get(0);
            Path memberChain = Files.writeString(
                    dir.resolve("member-chain.pem"),
                    Pem.encode(issuing) + trust.path("crossCertificate").asText());
            assertThat(openssl("verify", "-CAfile", bundle, "-untrusted", memberChain, cert)
                            .output())
                    .contains(THING + ".crt: OK");

            // WHEN the root pinned is one of the same name that is not the deployment's THEN nothing verifies
            Path wrong = wrongRoot();
            assertThat(sClient(gateway, wrong, cert, key)).doesNotContain("Verify return code: 0 (ok)");
            assertThat(sClient(admin, wrong, null, null)).doesNotContain("Verify return code: 0 (ok)");
            Processes.Result refused = openssl("verify", "-CAfile", wrong, "-untrusted", memberChain, cert);
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.output()).doesNotContain(THING + ".crt: OK");
        }
    }

    /** What openssl s_client says of the server's chain, failing the handshake on any verification error. */
    private String sClient(String connect, Path caFile, Path cert, Path key) {
        List<String> command = new java.util.ArrayList<>(List.of(
                "openssl",
                "s_client",
                "-connect",
                connect,
                "-CAfile",
                caFile.toString(),
                "-verify_return_error",
                "-servername",
                "localhost"));
        if (cert != null) {
            command.addAll(List.of("-cert", cert.toString(), "-key", key.toString()));
        }
        return Processes.run(dir, command, 20).output();
    }

    private Processes.Result openssl(Object... args) {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        for (Object a : args) {
            command.add(a.toString());
        }
        return Processes.run(dir, command, 20);
    }

    /** A self-signed root with the very name every Warden root has, made by openssl: only its key differs. */
    private Path wrongRoot() {
        Processes.Result made = openssl(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-384",
                "-nodes",
                "-subj",
                "/O=Warden/CN=Warden Root CA",
                "-addext",
                "basicConstraints=critical,CA:TRUE,pathlen:1",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
                "-days",
                "2",
                "-keyout",
                "wrong-root.key",
                "-out",
                "wrong-root.pem");
        assertThat(made.exitCode()).as(made.output()).isZero();
        return dir.resolve("wrong-root.pem");
    }

    private static X509Certificate root(NodeHarness node) throws Exception {
        return Pem.parseCertificates(Files.readString(node.dataDir.resolve("pki/root.crt")))
                .get(0);
    }
}
