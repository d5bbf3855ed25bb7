package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.node.config.ConfigKey;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incidents on a real node through the CLI, with clocks shortened for sev4 so they fall due during the test: the
 * warning and the breach fire within a second of their due times; a phase reached late is a breach; tasks, notes
 * and status updates are in the timeline; across a restart the clocks go on and a deadline that passed while the
 * node was down is recorded as breached when it comes back; the timeline verifies offline with {@code audit
 * verify}, and an edited incident event is caught by it.
 */
class IncidentIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Short sev4 clocks: the warning of a 2 s triage comes 1 s ahead. */
    private static final Map<ConfigKey, String> SHORT_CLOCKS =
            Map.of(ConfigKey.INCIDENT_CLOCKS_SEV4, "triaged=2s,communicated=5s,mitigated=30s,recovered=1h,reviewed=7d");

    @TempDir
    Path dir;

    @Test
    void clocksFireOnTimeSurviveARestartAndTheTimelineIsEvidence() throws Exception {
        Path data = dir.resolve("data");
        long id;
        long restarted;
        long leak;
        long run;
        try (NodeHarness node = new NodeHarness(data, null, SHORT_CLOCKS)) {
            id = open(node, "Sensor fleet reports garbage");
            // The warning (at 1 s) and the breach (at 2 s) of the triage clock, each within 1 s of its due time.
            JsonNode warning = awaitEvent(node, id, "incident:DeadlineWarning", e -> true);
            JsonNode breach = awaitEvent(node, id, "incident:DeadlineBreached", e -> clock(e).equals("triaged"));
            assertThat(clock(warning)).as(warning.toString()).isEqualTo("triaged");
            assertThat(warning.path("details").path("lateMs").asLong()).isLessThan(1000);
            assertThat(breach.path("details").path("lateMs").asLong()).isLessThan(1000);

            JsonNode triaged = json(ok(node.cli("incident", "advance", String.valueOf(id), "triaged", "--json")));
            assertThat(triaged.path("phase").asText()).isEqualTo("triaged");
            assertThat(clockState(triaged, "triaged")).isEqualTo("breached");
            assertThat(clockState(triaged, "communicated")).isEqualTo("running");
            // Phases only move forward.
            NodeHarness.CliResult back = node.cli("incident", "advance", String.valueOf(id), "detected");
            assertThat(back.exitCode()).isNotZero();
            assertThat(back.err()).contains("PHASE_ORDER");

            ok(node.cli("incident", "task", String.valueOf(id), "--add", "Replace the batch", "--owner", "admin"));
            ok(node.cli("incident", "note", String.valueOf(id), "Firmware 2.3 suspected"));
            ok(node.cli(
                    "incident",
                    "status-update",
                    String.valueOf(id),
                    "--public-title",
                    "Degraded telemetry",
                    "--message",
                    "Some sensors send bad readings",
                    "--service",
                    "telemetry"));

            // A second incident whose clock falls due while the node is down.
            restarted = open(node, "Gateway certificate expiring");
            // A third whose playbook waits for a person's approval when the node stops.
            ok(node.cli("secret", "put", "mqtt-bridge-password", "--value", "first-value"));
            leak = json(ok(node.cli(
                            "incident",
                            "open",
                            "--title",
                            "Bridge password in a public repository",
                            "--severity",
                            "sev3",
                            "--secret",
                            "mqtt-bridge-password",
                            "--playbook",
                            "leaked-secret",
                            "--json")))
                    .path("id")
                    .asLong();
            run = awaitRun(node, leak, "awaiting_approval").path("id").asLong();
        }
        Thread.sleep(2_500);
        try (NodeHarness node = new NodeHarness(data, null, SHORT_CLOCKS)) {
            JsonNode missed = awaitEvent(node, restarted, "incident:DeadlineBreached", e -> clock(e).equals("triaged"));
            assertThat(missed.path("details").path("lateMs").asLong())
                    .as("recorded when the node came back, late by the downtime")
                    .isGreaterThan(0);
            JsonNode first = json(ok(node.cli("incident", "show", String.valueOf(id), "--json")));
            assertThat(first.path("tasks")).hasSize(1);
            assertThat(first.path("statusUpdates").get(0).path("publicTitle").asText())
                    .isEqualTo("Degraded telemetry");
            // The first incident's communication clock went on across the restart and fell due after it.
            awaitEvent(node, id, "incident:DeadlineBreached", e -> clock(e).equals("communicated"));
            // The approval that was pending when the node stopped is still pending, and runs when given.
            assertThat(awaitRun(node, leak, "awaiting_approval").path("id").asLong())
                    .isEqualTo(run);
            ok(node.cli("incident", "approve", String.valueOf(run), "rotate"));
            JsonNode done = awaitRun(node, leak, "completed");
            assertThat(done.toString()).contains("\"id\":\"rotate\"");
            assertThat(ok(node.cli("secret", "get", "mqtt-bridge-password")).out())
                    .doesNotContain("first-value");

            JsonNode timeline = json(ok(node.cli("incident", "timeline", String.valueOf(id), "--json")));
            List<String> actions = new ArrayList<>();
            timeline.path("events").forEach(e -> actions.add(e.path("action").asText()));
            assertThat(actions)
                    .containsSubsequence(
                            "incident:IncidentOpened",
                            "incident:DeadlineWarning",
                            "incident:DeadlineBreached",
                            "incident:PhaseReached",
                            "incident:TaskAdded",
                            "incident:NoteAdded",
                            "incident:StatusPosted");
            // The admin calls on the incident are in it too, the refused one included.
            assertThat(actions).contains("incident:AdvanceIncident", "incident:OpenIncident");

            // A drill's incident, whose timeline is verified offline below with everything else.
            assertThat(ok(node.cli("incident", "drill", "compromised-device")).out())
                    .contains("contained");
        }

        NodeHarness.CliResult intact = Cli.run(List.of("audit", "verify", "--data", data.toString()));
        assertThat(intact.exitCode()).as(intact.out() + intact.err()).isZero();
        assertThat(intact.out()).contains("INTACT");
        // Someone with the database rewrites an incident's note, and says the drill's revocation never happened:
        // the chain no longer verifies.
        try (Database db = Database.open(null, data)) {
            int edited = db.jdbi()
                    .withHandle(h -> h.execute(
                            "UPDATE audit_events SET details = REPLACE(details, 'Firmware 2.3', 'Firmware 2.4')"
                                    + " WHERE action = 'incident:NoteAdded'"));
            assertThat(edited).isEqualTo(1);
            int drill = db.jdbi()
                    .withHandle(h -> h.execute("UPDATE audit_events SET details = REPLACE(details,"
                            + " '\"state\":\"done\"', '\"state\":\"skipped\"') WHERE action = 'incident:PlaybookStep'"
                            + " AND details LIKE '%\"step\":\"revoke-certificates\"%'"
                            + " AND details LIKE '%\"state\":\"done\"%'"));
            assertThat(drill).isPositive();
        }
        NodeHarness.CliResult tampered = Cli.run(List.of("audit", "verify", "--data", data.toString()));
        assertThat(tampered.exitCode()).as(tampered.out() + tampered.err()).isEqualTo(1);
        assertThat(tampered.out()).doesNotContain("INTACT");
    }

    private static long open(NodeHarness node, String title) throws Exception {
        JsonNode opened = json(ok(
                node.cli("incident", "open", "--title", title, "--severity", "sev4", "--thing", "sensor-1", "--json")));
        assertThat(opened.path("phase").asText()).isEqualTo("detected");
        return opened.path("id").asLong();
    }

    private static JsonNode awaitEvent(NodeHarness node, long id, String action, Predicate<JsonNode> which)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode timeline = json(ok(node.cli("incident", "timeline", String.valueOf(id), "--json")));
            for (JsonNode e : timeline.path("events")) {
                if (e.path("action").asText().equals(action) && which.test(e)) {
                    return e;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + action + " for incident " + id);
    }

    private static JsonNode awaitRun(NodeHarness node, long incident, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            for (JsonNode r : json(ok(node.cli("incident", "runs", String.valueOf(incident), "--json")))
                    .path("runs")) {
                last = r;
                if (r.path("status").asText().equals(status)) {
                    return r;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("incident " + incident + "'s run is not " + status + ": " + last);
    }

    private static String clock(JsonNode event) {
        return event.path("details").path("clock").asText();
    }

    private static String clockState(JsonNode incident, String clock) {
        for (JsonNode c : incident.path("clocks")) {
            if (c.path("clock").asText().equals(clock)) {
                return c.path("state").asText();
            }
        }
        throw new AssertionError("no clock " + clock);
    }

    private static JsonNode json(NodeHarness.CliResult result) throws Exception {
        return JSON.readTree(result.out());
    }
}
