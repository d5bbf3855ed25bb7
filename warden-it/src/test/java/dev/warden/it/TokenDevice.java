package dev.warden.it;

import dev.warden.device.DeviceClient;
import dev.warden.device.DeviceClientConfig;
import dev.warden.device.DeviceCredentials;
import dev.warden.device.Provisioner;
import dev.warden.device.ProvisioningClaim;
import dev.warden.device.Qos;
import dev.warden.device.TokenKeys;
import dev.warden.device.firmware.BootAttestor;
import dev.warden.pki.Pem;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A device whose key lives in a PKCS#11 token (SoftHSM2), run as its own process: a device runs the SDK on JDK TLS
 * (no netty-tcnative), which the test JVM cannot give the MQTT client beside the node's OpenSSL gateway. It
 * provisions over HTTPS with an enrollment token (key made and CSR signed in the token), keeps its certificate in the
 * token, loads its credentials back from there, connects over mTLS, publishes and attests its boot (EAT signed by the
 * token). Each step prints one {@code RESULT name=value} line for the test to check.
 */
final class TokenDevice {
    private TokenDevice() {}

    /** Runs the device as a child JVM with {@code args} (see {@link #main}); returns its exit code and output. */
    static NodeHarness.CliResult run(Path workDir, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                // What a device does when netty-tcnative is on its class path: JDK TLS, which signs through the token.
                "-Dio.netty.handler.ssl.noOpenSsl=true",
                "-cp",
                System.getProperty("java.class.path"),
                TokenDevice.class.getName()));
        command.addAll(args);
        Path log = workDir.resolve("token-device.log");
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the token device did not finish: " + Files.readString(log));
        }
        return new NodeHarness.CliResult(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8), "");
    }

    /** Arguments: admin URL, root PEM file, template, enrollment token, MQTT port, thing, PKCS#11 URI, type, version, sha256. */
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        X509Certificate root = Pem.parseCertificate(Files.readString(Path.of(args[1])));
        String thing = args[5];
        try (TokenKeys keys = TokenKeys.open(args[6])) {
            DeviceCredentials issued = Provisioner.create(URI.create(args[0]), root)
                    .withKeys(keys)
                    .provision(args[2], thing, ProvisioningClaim.token(args[3]), Map.of());
            keys.save(issued);
            DeviceCredentials credentials = keys.load(thing);
            out.println("RESULT serial=" + credentials.serialHex());
            out.println("RESULT encoded=" + (credentials.privateKey().getEncoded() == null ? "none" : "readable"));
            out.println("RESULT key=" + credentials.privateKey());
            DeviceClientConfig config = DeviceClientConfig.of("localhost", Integer.parseInt(args[4]))
                    .withDeploymentRoots(List.of(root));
            try (DeviceClient client = DeviceClient.connect(credentials, config)) {
                client.publishTelemetry("{\"t\":21.5}".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                        .get(10, TimeUnit.SECONDS);
                out.println("RESULT published=true");
                BootAttestor.Verdict verdict = new BootAttestor(
                                client, credentials.privateKey(), Duration.ofSeconds(10))
                        .start()
                        .attest(args[7], args[8], args[9]);
                out.println("RESULT attested=" + verdict.code());
            }
        }
        out.flush();
        System.exit(0);
    }
}
