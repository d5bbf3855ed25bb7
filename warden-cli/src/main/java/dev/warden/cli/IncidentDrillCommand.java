package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.demo.IncidentDrill;
import dev.warden.node.NodeLayout;
import dev.warden.node.config.WardenConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden incident drill SCENARIO}: a game day against the running node of {@code --data}. The drill attacks
 * as an attacker would (a shared device certificate; a stolen password probing the admin API; a secret reported
 * leaked), the node detects and contains through its real paths, and the drill responds through every phase,
 * printing each one's time against the seed's deadlines. It leaves a closed incident, with its timeline, behind.
 */
@Command(
        name = "drill",
        description = "Game day: compromised-device, stolen-credential or leaked-secret against the"
                + " running node; prints detection, containment and each phase against its deadline.")
final class IncidentDrillCommand implements Callable<Integer> {
    @ParentCommand
    IncidentCommand incident;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SCENARIO", description = "compromised-device, stolen-credential or leaked-secret.")
    String scenario;

    @Override
    public Integer call() throws Exception {
        if (!IncidentDrill.SCENARIOS.contains(scenario)) {
            throw new CliException("no drill " + scenario + "; one of " + String.join(", ", IncidentDrill.SCENARIOS));
        }
        NodeOptions options = incident.parent.options;
        WardenConfig config = options.config();
        NodeLayout layout = new NodeLayout(config.dataDir());
        if (!Files.isReadable(layout.endpointsFile())) {
            throw new CliException("no running node at " + config.dataDir() + " (start it: ./warden server)");
        }
        JsonNode endpoints = new ObjectMapper().readTree(layout.endpointsFile().toFile());
        int mqttPort = URI.create(endpoints.path("mqtt").asText()).getPort();
        Path work = Files.createTempDirectory("warden-drill-");
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Drill %s against %s%n", scenario, endpoints.path("admin").asText());
        IncidentDrill.Result r = new IncidentDrill(
                        args -> cli(options, args),
                        mqttPort,
                        endpoints.path("admin").asText(),
                        layout.rootCertificate(),
                        work,
                        out)
                .run(scenario);
        out.printf(
                "Drill %s: incident %d, %s%n", scenario, r.incidentId(), r.contained() ? "contained" : "NOT CONTAINED");
        return r.contained() ? 0 : 1;
    }

    /** Another warden command against the same node, in this process, as this invocation's principal. */
    private static String cli(NodeOptions options, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        options.appendTo(all);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WardenCommand.execute(
                all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        if (code != 0) {
            throw new CliException("warden " + String.join(" ", args) + " failed: "
                    + err.toString().trim());
        }
        return out.toString();
    }
}
