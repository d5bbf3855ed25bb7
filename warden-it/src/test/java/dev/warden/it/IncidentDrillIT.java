package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.warden.node.config.ConfigKey;
import dev.warden.testkit.FreePorts;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three drills against one live node, through the CLI as an operator runs them: each attack is detected and
 * contained through the node's real paths (for the compromised device, from the first packet to quarantined and
 * revoked within the issue's 10 s), the responder's phases are timed, the on-call person gets the opening e-mail
 * through a real SMTP server (GreenMail), the post-mortem is written, the statistics count the drills, and the
 * public status page shows the public update and nothing internal.
 */
class IncidentDrillIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONTAINED = Pattern.compile("contained (\\d+\\.\\d) s after it");

    @TempDir
    static Path dir;

    static GreenMail mail;
    static NodeHarness node;

    @BeforeAll
    static void start() throws Exception {
        int smtp = FreePorts.next();
        mail = new GreenMail(new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        node = new NodeHarness(
                dir.resolve("data"),
                null,
                Map.of(
                        ConfigKey.INCIDENT_SMTP_HOST, "127.0.0.1",
                        ConfigKey.INCIDENT_SMTP_PORT, String.valueOf(smtp),
                        ConfigKey.INCIDENT_SMTP_TLS, "plain",
                        ConfigKey.INCIDENT_SMTP_FROM, "warden@example.com",
                        ConfigKey.INCIDENT_ONCALL_SCHEDULE, "primary"));
        Path schedule = dir.resolve("primary.yaml");
        Files.writeString(schedule, """
                name: primary
                time-zone: UTC
                rotations:
                  - name: everyone
                    length: 1d
                    handoff: "00:00"
                    start: 2020-01-01
                    participants:
                      - {principal: responder, email: responder@example.com}
                """);
        ok(node.cli("oncall", "schedule", "--file", schedule.toString()));
    }

    @AfterAll
    static void stop() {
        node.close();
        mail.stop();
    }

    @Test
    void eachDrillIsDetectedContainedAndTimedAndLeavesItsEvidence() throws Exception {
        NodeHarness.CliResult who = ok(node.cli("oncall", "who"));
        assertThat(who.out()).contains("responder (responder@example.com) is on call");

        NodeHarness.CliResult device = ok(node.cli("incident", "drill", "compromised-device"));
        Matcher contained = CONTAINED.matcher(device.out());
        assertThat(contained.find()).as(device.out()).isTrue();
        assertThat(Double.parseDouble(contained.group(1)))
                .as("first attack packet to quarantined and revoked (the issue's goal: 10 s)")
                .isLessThan(10.0);
        assertThat(device.out())
                .contains("the device's certificate is refused at the handshake")
                .containsPattern("triaged\\s+\\d+\\.\\d s\\s+\\(deadline 5 min: met\\)")
                .containsPattern("recovered\\s+\\d+\\.\\d s\\s+\\(deadline 1 h: met\\)");
        long deviceIncident = incidentOf(device.out());

        NodeHarness.CliResult credential = ok(node.cli("incident", "drill", "stolen-credential"));
        assertThat(credential.out()).contains("the stolen token now gets HTTP 401 (the user is disabled)");
        NodeHarness.CliResult secret = ok(node.cli("incident", "drill", "leaked-secret"));
        assertThat(secret.out()).contains("Drill leaked-secret: incident").contains("contained");

        // The playbook's steps are in the timeline, as the role that ran them.
        JsonNode timeline = json(ok(node.cli("incident", "timeline", String.valueOf(deviceIncident), "--json")));
        List<String> steps = new ArrayList<>();
        timeline.path("events").forEach(e -> {
            if (e.path("action").asText().equals("incident:PlaybookStep")
                    && e.path("details").path("state").asText().equals("done")) {
                steps.add(e.path("details").path("step").asText());
            }
        });
        assertThat(steps).containsSubsequence("quarantine", "revoke-certificates", "audit-evidence");

        // The on-call person was told of each opening by e-mail, through a real SMTP server.
        assertThat(mail.waitForIncomingEmail(10_000, 3)).isTrue();
        MimeMessage first = mail.getReceivedMessages()[0];
        assertThat(first.getAllRecipients()[0].toString()).isEqualTo("responder@example.com");
        assertThat(first.getSubject()).contains("incident #" + deviceIncident).contains("sev2");

        Path postmortem = dir.resolve("pm");
        ok(node.cli("incident", "postmortem", String.valueOf(deviceIncident), "--out", postmortem.toString()));
        String md = Files.readString(dir.resolve("pm.md"));
        assertThat(md)
                .contains("Post-mortem of incident " + deviceIncident)
                .contains("revoke-certificates")
                .contains("warden audit verify");
        assertThat(Files.readString(dir.resolve("pm.html"))).contains("<html");

        JsonNode stats = json(ok(node.cli("incident", "stats", "--json")));
        JsonNode month = stats.path("months").get(stats.path("months").size() - 1);
        assertThat(month.path("incidents").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(month.path("contain").path("p90Ms").isNull()).isFalse();

        HttpResponse<String> status = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(node.publicUrl() + "/status.json"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body())
                .contains("Security drill")
                .doesNotContain("drill-dev-")
                .doesNotContain("drill-user-");
    }

    @Test
    void anOperatorsOwnPlaybookIsValidatedByLineRunsAsItsOwnRoleAndDryRuns() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                name: sensor-outage
                kind: sensor-outage
                steps:
                  - id: quarantine
                    acton: monitor:Quarantine
                    target: thing
                    mode: approval
                """);
        NodeHarness.CliResult refused = node.cli("playbook", "put", "--file", bad.toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("INVALID_PLAYBOOK").contains("line 5");

        Path good = dir.resolve("sensor-outage.yaml");
        Files.writeString(good, """
                name: sensor-outage
                description: A sensor batch misbehaves; take it aside once a person agrees.
                kind: sensor-outage
                steps:
                  - id: quarantine
                    action: monitor:Quarantine
                    target: thing
                    mode: approval
                """);
        assertThat(ok(node.cli("playbook", "put", "--file", good.toString())).out())
                .contains("Playbook sensor-outage version 1: 1 steps, 1 waiting for approval; runs as"
                        + " playbook-sensor-outage");
        String shown = ok(node.cli("playbook", "show", "sensor-outage")).out();
        assertThat(shown).contains("monitor:Quarantine").contains("\"Effect\" : \"Allow\"");
        assertThat(shown).doesNotContain("warden:RevokeThingCertificates");

        Path builtIn = dir.resolve("compromised.yaml");
        Files.writeString(builtIn, Files.readString(good).replace("sensor-outage", "compromised-device"));
        assertThat(node.cli("playbook", "put", "--file", builtIn.toString()).err())
                .contains("built-in");

        JsonNode incident = json(ok(node.cli(
                "incident",
                "open",
                "--title",
                "Batch 9 sensors",
                "--severity",
                "sev4",
                "--thing",
                "sensor-9",
                "--json")));
        String dry = ok(node.cli("incident", "playbook", incident.path("id").asText(), "sensor-outage", "--dry-run"))
                .out();
        assertThat(dry).contains("nothing was done").contains("thing sensor-9").contains("allowed");
    }

    private static long incidentOf(String out) {
        Matcher m = Pattern.compile("incident (\\d+), contained").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static JsonNode json(NodeHarness.CliResult r) throws Exception {
        return JSON.readTree(r.out());
    }
}
