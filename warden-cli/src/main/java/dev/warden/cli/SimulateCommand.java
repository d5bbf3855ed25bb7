package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.device.DeviceClientConfig;
import dev.warden.device.FleetSimulator;
import dev.warden.device.Provisioner;
import dev.warden.device.ProvisioningClaim;
import dev.warden.device.SimulationPlan;
import dev.warden.device.SimulationReport;
import dev.warden.device.metrics.MetricsSimulation;
import dev.warden.device.metrics.Misbehaviour;
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
        description = "Run N simulated devices, provisioned by claim, publishing R msg/s each for D seconds"
                + " (and reporting device-side metrics with --report-metrics).")
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

    @Option(
            names = "--report-metrics",
            paramLabel = "SECONDS",
            description = "Each device also reports device-side metrics (this host's, from /proc) every SECONDS.")
    Integer reportMetrics;

    @Option(
            names = "--misbehave",
            paramLabel = "KIND",
            description = "With --report-metrics: some devices report an anomaly: open-port (telnet on 23), "
                    + "destination (a connection to 198.51.100.7), custom-spike (sim-load 100x the fleet's).")
    String misbehave;

    @Option(names = "--misbehaving", defaultValue = "1", description = "How many devices misbehave (default 1).")
    int misbehaving;

    @Override
    public Integer call() throws IOException {
        if (count < 1 || count > 100_000 || rate <= 0 || duration < 1) {
            throw new CliException("--count must be 1-100000, --rate positive, --duration at least 1");
        }
        MetricsSimulation metrics = metrics();
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
        FleetSimulator simulator = FleetSimulator.against(
                DeviceClientConfig.of(mqtt.getHost(), mqtt.getPort()).withTrustedRoot(root));
        SimulationReport report = (metrics == null ? simulator : simulator.withMetrics(metrics))
                .run(
                        SimulationPlan.of(count, rate, Duration.ofSeconds(duration)),
                        index -> provisioner.provision(template, prefix + run + "-" + index, credential, Map.of()));
        spec.commandLine().getOut().println(report.summary());
        boolean metricsOk = true;
        if (metrics != null) {
            spec.commandLine().getOut().println(metrics.summary());
            metricsOk = metrics.rejected() == 0 && metrics.failed() == 0;
        }
        return report.connected() == count && report.failed() == 0 && metricsOk ? 0 : 1;
    }

    /** The device-side metrics part of the run, or null without {@code --report-metrics}. */
    private MetricsSimulation metrics() {
        if (reportMetrics == null) {
            if (misbehave != null) {
                throw new CliException("--misbehave needs --report-metrics");
            }
            return null;
        }
        if (reportMetrics < 1 || misbehaving < 0 || misbehaving > count) {
            throw new CliException("--report-metrics must be at least 1, --misbehaving 0 to --count");
        }
        Misbehaviour kind = misbehave == null
                ? null
                : Misbehaviour.byId(misbehave)
                        .orElseThrow(() -> new CliException(
                                "--misbehave is open-port, destination or custom-spike, not " + misbehave));
        return new MetricsSimulation(Duration.ofSeconds(reportMetrics), kind, misbehaving);
    }
}
