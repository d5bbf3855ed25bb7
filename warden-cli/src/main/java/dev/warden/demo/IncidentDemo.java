package dev.warden.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.node.WardenNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The demo's incident response: the incident monitoring opened for the shared certificate above (its playbook's
 * containment, timed from the attack), then the three drills, each printing detection, containment and every phase
 * against its deadline, and the first drill's post-mortem written to a file.
 */
final class IncidentDemo {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DemoConsole console;
    private final Function<String[], String> cli;
    private final WardenNode node;
    private final Path rootCa;
    private final Path work;

    IncidentDemo(DemoConsole console, Function<String[], String> cli, WardenNode node, Path rootCa, Path work) {
        this.console = console;
        this.cli = cli;
        this.node = node;
        this.rootCa = rootCa;
        this.work = work;
    }

    /** False when a drill was not contained. */
    boolean show() throws Exception {
        for (JsonNode i : JSON.readTree(cli.apply(new String[] {"incident", "list", "--json"}))
                .path("incidents")) {
            if (i.path("source").asText().equals("alarm")) {
                console.ok("incident " + i.path("id").asText() + " ("
                        + i.path("severity").asText() + ") opened by"
                        + " monitoring: " + i.path("title").asText() + "; playbook "
                        + i.path("playbook").asText("-")
                        + (i.path("containedAt").isNull()
                                ? ""
                                : ", contained "
                                        + IncidentDrill.seconds(
                                                i.path("timeToContainMs").asLong()) + " after the first sign"));
            }
        }
        boolean all = true;
        long first = -1;
        for (String scenario : IncidentDrill.SCENARIOS) {
            StringWriter text = new StringWriter();
            IncidentDrill.Result r = new IncidentDrill(
                            cli,
                            node.mqttPort(),
                            "https://localhost:" + node.adminPort(),
                            rootCa,
                            work,
                            new PrintWriter(text, true))
                    .run(scenario);
            String line = "Drill " + scenario + ": incident " + r.incidentId() + ", "
                    + (r.contained() ? "contained" : "NOT CONTAINED");
            if (r.contained()) {
                console.ok(line);
            } else {
                console.fail(line);
            }
            text.toString().lines().forEach(console::step);
            all &= r.contained();
            first = first < 0 ? r.incidentId() : first;
        }
        Path postmortem = work.resolve("postmortem");
        cli.apply(new String[] {"incident", "postmortem", String.valueOf(first), "--out", postmortem.toString()});
        console.ok("post-mortem draft of incident " + first + " written to " + postmortem + ".md and .html");
        console.step(console.dim("./warden incident timeline " + first + "; ./warden incident stats;"
                + " http://localhost:" + node.publicPort() + "/status"));
        return all;
    }
}
