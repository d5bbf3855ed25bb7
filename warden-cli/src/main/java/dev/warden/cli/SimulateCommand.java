package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.device.DeviceClientConfig;
import dev.warden.device.FleetSimulator;
import dev.warden.device.Provisioner;
import dev.warden.device.ProvisioningClaim;
import dev.warden.device.SimulationPlan;
import dev.warden.device.SimulationReport;
import dev.warden.node.NodeLayout;
import dev.warden.node.config.WardenConfig;
import dev.warden.pki.Pem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden device simulate}: a fleet of simulated devices, each provisioned by claim with its own key, publishing
 * telemetry over mutual TLS to the node's gateway (the device SDK's {@link FleetSimulator}).
 */
@Command(
        name = "simulate",
        description = "Run N simulated devices, provisioned by claim, publishing R msg/s each for D seconds.")
final class SimulateCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    DeviceCommand device;

    @Spec
    CommandSpec spec;

    @Option(names = "--count", defaultValue = "10", description = "Devices (default 10).")
    int count;

    @Option(names = "--rate", defaultValue = "1", description = "Messages per second per device (default 1).")
    double rate;

    @Option(names = "--duration", defaultValue = "10", description = "Seconds (default 10).")
    int duration;

    @Option(names = "--template", required = true, description = "Provisioning template the devices register through.")
    String template;

    @Option(
            names = "--claim-dir",
            paramLabel = "DIR",
            description = "Directory with the claim certificate (warden claim create --out).")
    Path claimDir;

    @Option(names = "--claim", description = "Claim name (its NAME.key / NAME.crt in --claim-dir).")
    String claim;

    @Option(
            names = "--token",
            description = "Enrollment token instead of a claim certificate (needs --max-uses of at least --count).")
    String token;

    @Option(
            names = "--prefix",
            defaultValue = "sim-",
            description = "Thing name prefix; names must match the template's pattern.")
    String prefix;

    @Override
    public Integer call() throws IOException {
        if (count < 1 || count > 100_000 || rate <= 0 || duration < 1) {
            throw new CliException("--count must be 1-100000, --rate positive, --duration at least 1");
        }
        ProvisioningClaim credential;
        if (token != null) {
            credential = ProvisioningClaim.token(token);
        } else if (claimDir != null && claim != null) {
            credential =
                    ProvisioningClaim.certificate(DeviceFiles.key(claimDir, claim), DeviceFiles.chain(claimDir, claim));
        } else {
            throw new CliException("give --claim-dir and --claim, or --token");
        }
        WardenConfig config = device.options().config();
        NodeLayout layout = new NodeLayout(config.dataDir());
        X509Certificate root = Pem.parseCertificate(AdminClient.read(layout.rootCertificate()));
        JsonNode endpoints = Files.isReadable(layout.endpointsFile())
                ? JSON.readTree(layout.endpointsFile().toFile())
                : JSON.createObjectNode();
        String admin = device.options().server() != null
                ? device.options().server()
                : endpoints.path("admin").asText("https://localhost:" + config.adminPort());
        URI mqtt = URI.create(endpoints.path("mqtt").asText("mqtts://localhost:" + config.mqttPort()));
        Provisioner provisioner = Provisioner.create(URI.create(admin), root);
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        SimulationReport report = FleetSimulator.against(
                        DeviceClientConfig.of(mqtt.getHost(), mqtt.getPort()).withTrustedRoot(root))
                .run(
                        SimulationPlan.of(count, rate, Duration.ofSeconds(duration)),
                        index -> provisioner.provision(template, prefix + run + "-" + index, credential, Map.of()));
        spec.commandLine().getOut().println(report.summary());
        return report.connected() == count && report.failed() == 0 ? 0 : 1;
    }
}
