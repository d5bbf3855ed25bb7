package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What acts on an incident and what it leaves: playbook runs and their approvals, notifications, the post-mortem. */
final class IncidentResponseCommands {
    private IncidentResponseCommands() {}

    /** A run and each step's state, with the targets it changed, left alone, was denied or failed on. */
    static void printRun(PrintWriter out, JsonNode run) {
        out.printf(
                "Playbook run %s (%s) on incident %s: %s%s%n",
                run.path("id").asText(),
                run.path("playbook").asText(),
                run.path("incidentId").asText(),
                run.path("status").asText(),
                run.path("containedAt").isNull()
                        ? ""
                        : ", contained at " + run.path("containedAt").asText());
        for (JsonNode s : run.path("steps")) {
            StringBuilder results = new StringBuilder();
            s.path("results")
                    .forEach(r -> results.append(results.length() == 0 ? "" : ", ")
                            .append(r.path("target").asText())
                            .append(' ')
                            .append(r.path("outcome").asText()));
            out.printf(
                    "  %-26s %-30s %-9s %-17s %s%n",
                    s.path("id").asText(),
                    s.path("action").asText(),
                    s.path("mode").asText(),
                    s.path("state").asText(),
                    results);
        }
    }

    @Command(
            name = "playbook",
            description = "Run a playbook for the incident, as the playbook's own role, or show"
                    + " what it would do with --dry-run (incident:StartPlaybookRun).")
    static final class Run implements Callable<Integer> {
        @ParentCommand
        IncidentCommand incident;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID")
        long id;

        @Parameters(index = "1", paramLabel = "PLAYBOOK")
        String playbook;

        @Option(names = "--dry-run", description = "Each step's action on each target, and whether the role allows it.")
        boolean dryRun;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("playbook", playbook);
            body.put("dryRun", dryRun);
            JsonNode answer = incident.admin().post(IncidentCommand.path(id) + "/playbook-runs", body);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, answer);
            } else if (dryRun) {
                out.printf("Dry run of %s on incident %d (nothing was done):%n", playbook, id);
                for (JsonNode a : answer.path("actions")) {
                    out.printf(
                            "  %-26s %-30s %-9s %-40s %s%s%n",
                            a.path("step").asText(),
                            a.path("action").asText(),
                            a.path("mode").asText(),
                            a.path("target").asText(""),
                            a.path("allowed").asBoolean() ? "allowed" : "DENIED by the role",
                            a.path("note").asText().isEmpty()
                                    ? ""
                                    : " (" + a.path("note").asText() + ")");
                }
            } else {
                printRun(out, answer);
            }
            return 0;
        }
    }

    @Command(name = "runs", description = "The incident's playbook runs and their steps (incident:ListPlaybookRuns).")
    static final class Runs implements Callable<Integer> {
        @ParentCommand
        IncidentCommand incident;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode answer = incident.admin().get(IncidentCommand.path(id) + "/playbook-runs");
            if (json) {
                Output.json(spec.commandLine().getOut(), answer);
            } else {
                answer.path("runs").forEach(r -> printRun(spec.commandLine().getOut(), r));
            }
            return 0;
        }
    }

    @Command(
            name = "approve",
            description = "Approve a playbook step that waits for a person; it runs at once"
                    + " (incident:ApprovePlaybookStep).")
    static final class Approve implements Callable<Integer> {
        @ParentCommand
        IncidentCommand incident;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "RUN")
        long run;

        @Parameters(index = "1", paramLabel = "STEP")
        String step;

        @Option(names = "--reject", description = "Reject it instead: the step is not run, the run goes on without it.")
        boolean reject;

        @Override
        public Integer call() {
            String path = "/playbook-runs/" + run + "/steps/" + Paths.segment(step) + (reject ? "/reject" : "/approve");
            printRun(spec.commandLine().getOut(), incident.admin().post(path, Map.of()));
            return 0;
        }
    }

    @Command(
            name = "notifications",
            description = "The notifications the incident caused, by target" + " (incident:ListIncidentNotifications).")
    static final class Notifications implements Callable<Integer> {
        @ParentCommand
        IncidentCommand incident;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    incident.admin().get(IncidentCommand.path(id) + "/notifications"),
                    "notifications",
                    "id",
                    "kind",
                    "clock",
                    "channel",
                    "recipient",
                    "target",
                    "status",
                    "attempts");
            return 0;
        }
    }

    @Command(
            name = "postmortem",
            description =
                    "Write the post-mortem draft from the timeline: summary, impact,"
                            + " each phase against its deadline, actions by whom, the audit-chain proof (incident:GetPostmortem).")
    static final class PostmortemDraft implements Callable<Integer> {
        @ParentCommand
        IncidentCommand incident;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID")
        long id;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "FILE",
                description = "FILE.md (Markdown) and FILE.html are written; '-' prints the Markdown.")
        String out;

        @Override
        public Integer call() throws IOException {
            String base = IncidentCommand.path(id) + "/postmortem?format=";
            if ("-".equals(out)) {
                ComplianceReportCommand.Reports.download(incident.admin(), base + "markdown", "-", spec);
                return 0;
            }
            String stem = out.endsWith(".md") || out.endsWith(".html") ? out.substring(0, out.lastIndexOf('.')) : out;
            ComplianceReportCommand.Reports.download(incident.admin(), base + "markdown", stem + ".md", spec);
            ComplianceReportCommand.Reports.download(incident.admin(), base + "html", stem + ".html", spec);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Post-mortem draft of incident %d: %s, %s%n",
                            id, Path.of(stem + ".md"), Path.of(stem + ".html"));
            return 0;
        }
    }
}
