package dev.warden.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A game day against the live node: the {@link DrillAttacker} attacks, the node detects it through its real
 * detection path (monitoring's alarm opens the incident, its playbook contains), and the drill then plays the
 * responder through the seed's phases, printing each phase's time against its deadline. A leaked secret is not
 * something a node sees happen: its drill opens the incident as a secret-scanning report would.
 */
public final class IncidentDrill {
    public static final List<String> SCENARIOS = List.of("compromised-device", "stolen-credential", "leaked-secret");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** What a drill measured: the incident, and the milliseconds from the attack's start to detection and to containment. */
    public record Result(
            long incidentId,
            String scenario,
            long detectMillis,
            long containMillis,
            boolean contained,
            List<String> phases) {}

    private final Function<String[], String> cli;
    private final DrillAttacker attacker;
    private final Path work;
    private final PrintWriter out;
    /** When the scenario's containment finished (its last containing playbook step). */
    private Instant containedAt;

    public IncidentDrill(
            Function<String[], String> cli, int mqttPort, String adminUrl, Path rootCa, Path work, PrintWriter out) {
        this.cli = cli;
        this.attacker = new DrillAttacker(mqttPort, adminUrl, rootCa);
        this.work = work;
        this.out = out;
    }

    public Result run(String scenario) throws Exception {
        String tag = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        switch (scenario) {
            case "compromised-device":
                return compromisedDevice("drill-dev-" + tag);
            case "stolen-credential":
                return stolenCredential("drill-user-" + tag);
            case "leaked-secret":
                return leakedSecret("drill-secret-" + tag);
            default:
                throw new IllegalArgumentException("no drill " + scenario + "; one of " + SCENARIOS);
        }
    }

    private Result compromisedDevice(String thing) throws Exception {
        Path dir = Files.createDirectories(work.resolve(thing));
        cli.apply(new String[] {"device", "enroll", thing, "--out", dir.toString()});
        out.printf("  attacker: %s's key and certificate used from a second host while it is connected%n", thing);
        long attack = System.currentTimeMillis();
        try (DemoDevice device = attacker.shareCertificate(thing, dir)) {
            JsonNode incident = awaitIncident("shared-certificate/thing/" + thing);
            JsonNode contained = awaitContained(incident.path("id").asLong(), "revoke-certificates");
            boolean refused = !attacker.canConnect(thing, dir);
            decideBan(contained.path("id").asLong());
            out.printf(
                    "  containment checked from outside: %s%n",
                    refused
                            ? "the device's certificate is refused at the handshake"
                            : "NOT contained: it still connects");
            return respond(contained, "compromised-device", attack, refused);
        }
    }

    private Result stolenCredential(String user) throws Exception {
        String password = "Drill-" + Long.toHexString(Double.doubleToLongBits(Math.random())) + "-pass";
        Path file = work.resolve(user + ".password");
        Files.writeString(file, password);
        try {
            cli.apply(new String[] {"user", "create", user, "--password-file", file.toString()});
        } finally {
            Files.deleteIfExists(file);
        }
        out.printf("  attacker: %s's password, stolen, used to probe what the admin API lets it do%n", user);
        long attack = System.currentTimeMillis();
        String token = attacker.login(user, password);
        attacker.probe(token, 12);
        JsonNode incident = awaitIncident("admin-privilege-probing/principal/user:" + user);
        JsonNode contained = awaitContained(incident.path("id").asLong(), "revoke-sessions");
        int status = attacker.status(token);
        out.printf(
                "  containment checked from outside: the stolen token now gets HTTP %d%s%n",
                status, status == 401 ? " (the user is disabled)" : " -- NOT contained");
        return respond(contained, "stolen-credential", attack, status == 401);
    }

    private Result leakedSecret(String secret) throws Exception {
        cli.apply(new String[] {"secret", "put", secret, "--value", "drill-" + System.nanoTime()});
        cli.apply(new String[] {"secret", "get", secret});
        out.printf("  report: secret %s found in a public repository (what secret scanning would send)%n", secret);
        long attack = System.currentTimeMillis();
        JsonNode opened = json(cli.apply(new String[] {
            "incident",
            "open",
            "--title",
            "Secret " + secret + " found in a public repository",
            "--severity",
            "sev2",
            "--secret",
            secret,
            "--playbook",
            "leaked-secret",
            "--json"
        }));
        long id = opened.path("id").asLong();
        JsonNode run = awaitRun(id, "awaiting_approval");
        out.printf("  playbook: reads of it listed; the rotation waits for a person's approval, given now%n");
        cli.apply(new String[] {"incident", "approve", run.path("id").asText(), "rotate"});
        JsonNode after = awaitRun(id, "completed");
        containedAt = stepFinished(after, "rotate");
        for (JsonNode step : after.path("steps")) {
            if (step.path("id").asText().equals("rotate") && containedAt == null) {
                out.printf(
                        "  playbook: rotate %s (%s)%n",
                        step.path("state").asText(), step.path("detail").asText());
            }
        }
        return respond(
                json(cli.apply(new String[] {"incident", "show", String.valueOf(id), "--json"})),
                "leaked-secret",
                attack,
                "completed".equals(after.path("status").asText()));
    }

    /** The responder's part: take it on, tell the public, confirm mitigation and recovery, close. */
    private Result respond(JsonNode incident, String scenario, long attack, boolean contained) throws Exception {
        String id = incident.path("id").asText();
        cli.apply(new String[] {"incident", "ack", id});
        cli.apply(new String[] {"incident", "advance", id, "triaged", "--note", "drill: " + scenario});
        cli.apply(new String[] {
            "incident",
            "status-update",
            id,
            "--public-title",
            "Security drill",
            "--message",
            "A planned security exercise; no customer impact.",
            "--service",
            "mqtt",
            "--status",
            "monitoring"
        });
        cli.apply(new String[] {"incident", "advance", id, "communicated"});
        cli.apply(new String[] {"incident", "advance", id, "mitigated", "--note", "the playbook contained it"});
        cli.apply(new String[] {"incident", "advance", id, "recovered", "--note", "containment verified from outside"});
        JsonNode closed = json(cli.apply(new String[] {"incident", "close", id, "--json"}));
        Instant detected = Instant.parse(closed.path("detectedAt").asText());
        long detect = detected.toEpochMilli() - attack;
        long contain = containedAt == null ? -1 : containedAt.toEpochMilli() - attack;
        List<String> phases = new ArrayList<>();
        for (JsonNode c : closed.path("clocks")) {
            if (c.path("reachedAt").isNull()) {
                continue;
            }
            long took = Instant.parse(c.path("reachedAt").asText()).toEpochMilli() - detected.toEpochMilli();
            long allowed = Instant.parse(c.path("dueAt").asText()).toEpochMilli() - detected.toEpochMilli();
            phases.add(String.format(
                    Locale.ROOT,
                    "%-13s %8s  (deadline %s: %s)",
                    c.path("clock").asText(),
                    seconds(took),
                    human(allowed),
                    c.path("state").asText().equals("met") ? "met" : "BREACHED"));
        }
        out.printf(
                "  incident %s: detected %s after the attack began, contained %s after it%n",
                id, seconds(detect), contain < 0 ? "never" : seconds(contain));
        phases.forEach(p -> out.println("    " + p));
        return new Result(Long.parseLong(id), scenario, detect, contain, contained && contain >= 0, phases);
    }

    private JsonNode awaitIncident(String sourceRefSuffix) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode i :
                    json(cli.apply(new String[] {"incident", "list", "--json"})).path("incidents")) {
                if (i.path("sourceRef").asText().endsWith(sourceRefSuffix)) {
                    return i;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no incident was opened for " + sourceRefSuffix + " within " + WAIT);
    }

    /**
     * The playbook's last step, banning the addresses the device was used from, waits for a person: here both are
     * loopback addresses of this machine, so the responder rejects it, as one would for a NAT's address.
     */
    private void decideBan(long id) throws Exception {
        JsonNode run = awaitRun(id, "awaiting_approval");
        cli.apply(new String[] {"incident", "approve", run.path("id").asText(), "ban-addresses", "--reject"});
        out.printf(
                "  responder: the ban of %s rejected (an address of this machine, shared like a NAT's)%n",
                String.join(", ", addresses(json(cli.apply(new String[] {
                    "incident", "show", String.valueOf(id), "--json"
                })))));
    }

    private static java.util.List<String> addresses(JsonNode incident) {
        java.util.List<String> out = new ArrayList<>();
        incident.path("members").path("addresses").forEach(a -> out.add(a.asText()));
        return out.isEmpty() ? java.util.List.of("no address") : out;
    }

    /** Waits until the playbook's step {@code last} (the last containing one) finished; notes when it did. */
    private JsonNode awaitContained(long id, String last) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode r : json(cli.apply(new String[] {"incident", "runs", String.valueOf(id), "--json"}))
                    .path("runs")) {
                containedAt = stepFinished(r, last);
                if (containedAt != null) {
                    return json(cli.apply(new String[] {"incident", "show", String.valueOf(id), "--json"}));
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("incident " + id + ": the playbook's " + last + " step did not finish");
    }

    /** When step {@code id} of the run finished done, or null. */
    private static Instant stepFinished(JsonNode run, String id) {
        for (JsonNode s : run.path("steps")) {
            if (s.path("id").asText().equals(id)
                    && "done".equals(s.path("state").asText())) {
                return Instant.parse(s.path("finishedAt").asText());
            }
        }
        return null;
    }

    private JsonNode awaitRun(long id, String status) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            for (JsonNode r : json(cli.apply(new String[] {"incident", "runs", String.valueOf(id), "--json"}))
                    .path("runs")) {
                last = r;
                if (status.equals(r.path("status").asText())
                        || "incomplete".equals(r.path("status").asText())) {
                    return r;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("incident " + id + "'s playbook run is not " + status + ": " + last);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String human(long millis) {
        Duration d = Duration.ofMillis(millis);
        return d.toDays() > 0 ? d.toDays() + " d" : d.toHours() > 0 ? d.toHours() + " h" : d.toMinutes() + " min";
    }
}
