package dev.warden.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The demo node judged by its own compliance checks, after everything above happened to it: a full run, then its
 * ETSI EN 303 645 posture (controls met, not met, left to the operator or the device maker), its open findings by
 * severity and the first of them. A demo node is deliberately a laptop's: the master key's passphrase sits beside the
 * key and the CA keys are files, and the report says so.
 */
final class ComplianceDemo {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN = 6;

    private final DemoConsole console;
    private final Function<String[], String> cli;

    ComplianceDemo(DemoConsole console, Function<String[], String> cli) {
        this.console = console;
        this.cli = cli;
    }

    /** Runs the checks and prints the posture; false when the report says nothing the demo knows to be true. */
    boolean show() throws Exception {
        cli.apply(new String[] {"compliance", "run"});
        JsonNode report = JSON.readTree(
                cli.apply(new String[] {"compliance", "report", "--framework", "etsi-en-303-645", "--format", "json"}));
        JsonNode controls = report.path("summary").path("controls");
        console.ok("ETSI EN 303 645: " + controls.path("met").asInt() + " controls met, "
                + controls.path("not-met").asInt() + " not met, "
                + controls.path("not-covered").asInt()
                + " the operator's or the device maker's ("
                + report.path("controls").size() + " in all)");
        JsonNode open = report.path("summary").path("openFindings");
        List<String> counts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = open.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            counts.add(e.getValue().asInt() + " " + e.getKey());
        }
        console.ok("open findings: " + String.join(", ", counts));
        boolean passphraseFound = false;
        int shown = 0;
        for (JsonNode f : report.path("findings")) {
            if (!"open".equals(f.path("status").asText())) {
                continue;
            }
            passphraseFound |=
                    "MASTER_KEY_PASSPHRASE_ON_NODE".equals(f.path("check").asText());
            if (shown++ < SHOWN) {
                console.step(f.path("severity").asText() + "  "
                        + f.path("check").asText() + "  " + f.path("detail").asText());
            }
        }
        console.step(console.dim("./warden compliance report --format html --out report.html  (also json, csv, ocsf,"
                + " sarif); ./warden report shared-responsibility"));
        return passphraseFound && controls.path("met").asInt() > 0;
    }
}
