package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The work on an open incident: acknowledging, assigning, tasks, notes, status page updates; and statistics. */
final class IncidentWorkCommands {
    private IncidentWorkCommands() {}

    @Command(
            name = "ack",
            description = "Acknowledge the incident: stops its escalation (incident:AcknowledgeIncident).")
    static final class Acknowledge implements Callable<Integer> {
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
            IncidentCommand.printOrJson(
                    spec, json, incident.admin().post(IncidentCommand.path(id) + "/acknowledge", Map.of()));
            return 0;
        }
    }

    @Command(
            name = "assign",
            description = "Set the commander or the severity, add participants" + " (incident:AssignIncident).")
    static final class Assign implements Callable<Integer> {
        @ParentCommand
        IncidentCommand incident;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--commander", paramLabel = "PRINCIPAL")
        String commander;

        @Option(names = "--severity", description = "Re-triage: sev1 to sev4.")
        String severity;

        @Option(names = "--participant", paramLabel = "PRINCIPAL", description = "Repeatable.")
        List<String> participants;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("commander", commander);
            body.put("severity", severity);
            body.put("participants", participants == null ? List.of() : participants);
            IncidentCommand.printOrJson(spec, json, incident.admin().post(IncidentCommand.path(id) + "/assign", body));
            return 0;
        }
    }

    @Command(
            name = "task",
            description = "Add a task to an incident, or mark one done"
                    + " (incident:CreateIncidentTask, incident:CompleteIncidentTask).")
    static final class TaskCommand implements Callable<Integer> {
        @ParentCommand
        IncidentCommand incident;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--add", paramLabel = "TITLE")
        String title;

        @Option(names = "--owner", paramLabel = "PRINCIPAL")
        String owner;

        @Option(names = "--due", paramLabel = "INSTANT", description = "ISO-8601, e.g. 2026-12-07T10:00:00Z.")
        String due;

        @Option(names = "--done", paramLabel = "TASK_ID")
        Long done;

        @Override
        public Integer call() {
            if ((title == null) == (done == null)) {
                throw new CliException("give either --add TITLE --owner PRINCIPAL, or --done TASK_ID");
            }
            JsonNode t;
            if (done != null) {
                t = incident.admin().post(IncidentCommand.path(id) + "/tasks/" + done + "/done", Map.of());
            } else {
                if (owner == null) {
                    throw new CliException("a task needs an --owner");
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("title", title);
                body.put("owner", owner);
                body.put("due", due);
                t = incident.admin().post(IncidentCommand.path(id) + "/tasks", body);
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Task %s of incident %d [%s]: %s (owner %s)%n",
                            t.path("id").asText(),
                            id,
                            t.path("done").asBoolean() ? "done" : "open",
                            t.path("title").asText(),
                            t.path("owner").asText());
            return 0;
        }
    }

    @Command(name = "note", description = "Add a note to the incident's timeline (incident:AddIncidentNote).")
    static final class Note implements Callable<Integer> {
        @ParentCommand
        IncidentCommand incident;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID")
        long id;

        @Parameters(index = "1", paramLabel = "TEXT")
        String text;

        @Override
        public Integer call() {
            incident.admin().post(IncidentCommand.path(id) + "/notes", Map.of("text", text));
            spec.commandLine().getOut().printf("Noted in incident %d's timeline%n", id);
            return 0;
        }
    }

    @Command(
            name = "status-update",
            description =
                    "Post an update to the public status page, in public words only" + " (incident:PostStatusUpdate).")
    static final class StatusUpdate implements Callable<Integer> {
        @ParentCommand
        IncidentCommand incident;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--public-title", required = true, description = "The title the public sees.")
        String publicTitle;

        @Option(names = "--message", required = true)
        String message;

        @Option(names = "--status", description = "investigating (default), identified, monitoring, resolved.")
        String status = "investigating";

        @Option(names = "--service", required = true, description = "An affected service, e.g. mqtt (repeatable).")
        List<String> services;

        @Option(names = "--region", description = "An affected region (repeatable).")
        List<String> regions;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("publicTitle", publicTitle);
            body.put("message", message);
            body.put("status", status);
            body.put("services", services);
            body.put("regions", regions == null ? List.of() : regions);
            JsonNode u = incident.admin().post(IncidentCommand.path(id) + "/status-updates", body);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Status page: [%s] %s (update %s)%n",
                            u.path("status").asText(),
                            u.path("publicTitle").asText(),
                            u.path("id").asText());
            return 0;
        }
    }

    @Command(
            name = "stats",
            description = "Mean and p90 time to detect, contain and mitigate, and deadline breaches,"
                    + " per month (incident:GetIncidentStats).")
    static final class Stats implements Callable<Integer> {
        @ParentCommand
        IncidentCommand incident;

        @Spec
        CommandSpec spec;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode s = incident.admin().get("/incidents/stats");
            if (json) {
                Output.json(spec.commandLine().getOut(), s);
                return 0;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "%-8s %9s  %-21s %-21s %-21s %8s%n",
                    "month", "incidents", "detect mean/p90", "contain mean/p90", "mitigate mean/p90", "breaches");
            for (JsonNode m : s.path("months")) {
                out.printf(
                        "%-8s %9d  %-21s %-21s %-21s %8d%n",
                        m.path("month").asText(),
                        m.path("incidents").asInt(),
                        spread(m.path("detect")),
                        spread(m.path("contain")),
                        spread(m.path("mitigate")),
                        m.path("breaches").asLong());
            }
            return 0;
        }

        private static String spread(JsonNode s) {
            if (s.path("meanMs").isNull()) {
                return "-";
            }
            return IncidentCommand.human(s.path("meanMs").asLong()) + " / "
                    + IncidentCommand.human(s.path("p90Ms").asLong());
        }
    }
}
