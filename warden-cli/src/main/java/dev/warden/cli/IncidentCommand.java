package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
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

/**
 * {@code warden incident ...}: incidents through the admin API. Each counts its phases against the seed's clocks
 * from its detection (triage 5 min, communication 15 min, mitigation 30 min, recovery 1 h, post-mortem 7 days);
 * {@code show} prints each clock's state and time left, {@code timeline} the audit trail's events on it.
 */
@Command(
        name = "incident",
        description = "Incident response: open, list, show, timeline, advance, acknowledge, assign, task, note,"
                + " status updates, close, playbooks and approvals, notifications, post-mortem, statistics.",
        subcommands = {
            IncidentCommand.Open.class,
            IncidentCommand.ListIncidents.class,
            IncidentCommand.Show.class,
            IncidentCommand.Timeline.class,
            IncidentCommand.Advance.class,
            IncidentCommand.Close.class,
            IncidentWorkCommands.Acknowledge.class,
            IncidentWorkCommands.Assign.class,
            IncidentWorkCommands.TaskCommand.class,
            IncidentWorkCommands.Note.class,
            IncidentWorkCommands.StatusUpdate.class,
            IncidentWorkCommands.Stats.class,
            IncidentResponseCommands.Run.class,
            IncidentResponseCommands.Runs.class,
            IncidentResponseCommands.Approve.class,
            IncidentResponseCommands.Notifications.class,
            IncidentResponseCommands.PostmortemDraft.class,
            IncidentDrillCommand.class
        })
final class IncidentCommand {
    static final String[] COLUMNS = {"id", "severity", "phase", "title", "detectedAt", "breaches"};

    @ParentCommand
    WardenCommand parent;

    AdminClient admin() {
        return AdminClient.admin(parent.options);
    }

    static String path(long id) {
        return "/incidents/" + id;
    }

    /** The incident's headline and each clock with its state: met, breached, or the time left. */
    static void print(PrintWriter out, JsonNode i) {
        out.printf(
                "Incident %s [%s] %s: %s%n  source %s%s, detected %s%s%n",
                i.path("id").asText(),
                i.path("severity").asText(),
                i.path("phase").asText(),
                i.path("title").asText(),
                i.path("source").asText(),
                i.path("sourceRef").asText().isEmpty()
                        ? ""
                        : " " + i.path("sourceRef").asText(),
                i.path("detectedAt").asText(),
                i.path("containedAt").isNull()
                        ? ""
                        : ", contained " + i.path("containedAt").asText() + " ("
                                + human(i.path("timeToContainMs").asLong()) + " after the first sign)");
        if (!i.path("commander").isNull()) {
            out.printf("  commander %s%n", i.path("commander").asText());
        }
        i.path("members").fields().forEachRemaining(e -> out.printf("  %s: %s%n", e.getKey(), join(e.getValue())));
        for (JsonNode c : i.path("clocks")) {
            String state = c.path("state").asText();
            String detail = switch (state) {
                case "running" ->
                    c.path("remainingMs").asLong() >= 0
                            ? human(c.path("remainingMs").asLong()) + " left"
                            : "OVERDUE by " + human(-c.path("remainingMs").asLong());
                case "met" -> "met at " + c.path("reachedAt").asText();
                default ->
                    "BREACHED"
                            + (c.path("reachedAt").isNull()
                                    ? ""
                                    : ", reached " + c.path("reachedAt").asText());
            };
            out.printf(
                    "  %-18s due %s  %s%n",
                    c.path("clock").asText(), c.path("dueAt").asText(), detail);
        }
    }

    static String human(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (d.toDays() > 0) {
            return d.toDays() + " d " + d.toHoursPart() + " h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + " min " + d.toSecondsPart() + " s";
        }
        return String.format("%.1f s", millis / 1000.0);
    }

    private static String join(JsonNode list) {
        StringBuilder b = new StringBuilder();
        list.forEach(v -> b.append(b.length() == 0 ? "" : ", ").append(v.asText()));
        return b.toString();
    }

    static void printOrJson(CommandSpec spec, boolean json, JsonNode incident) {
        if (json) {
            Output.json(spec.commandLine().getOut(), incident);
        } else {
            print(spec.commandLine().getOut(), incident);
        }
    }

    @Command(name = "open", description = "Open an incident by hand (incident:OpenIncident).")
    static final class Open implements Callable<Integer> {
        @ParentCommand
        IncidentCommand incident;

        @Spec
        CommandSpec spec;

        @Option(names = "--title", description = "Required, unless --finding gives it.")
        String title;

        @Option(
                names = "--severity",
                description = "sev1 (worst) to sev4; from --finding: critical is sev1 ... low sev4.")
        String severity;

        @Option(
                names = "--finding",
                paramLabel = "ID",
                description = "Open it from this compliance finding (linked;"
                        + " title, severity and the resource it names come from it).")
        Long finding;

        @Option(names = "--thing", paramLabel = "NAME", description = "An affected thing (repeatable).")
        List<String> things;

        @Option(names = "--principal", paramLabel = "NAME", description = "An affected IAM principal (repeatable).")
        List<String> principals;

        @Option(names = "--address", paramLabel = "IP", description = "A source address involved (repeatable).")
        List<String> addresses;

        @Option(names = "--secret", paramLabel = "NAME", description = "A leaked secret (repeatable).")
        List<String> secrets;

        @Option(names = "--ca", paramLabel = "ID", description = "A rogue or compromised CA (repeatable).")
        List<String> cas;

        @Option(names = "--policy", paramLabel = "NAME", description = "A policy made too permissive (repeatable).")
        List<String> policies;

        @Option(names = "--playbook", paramLabel = "NAME", description = "Run this playbook for it.")
        String playbook;

        @Option(names = "--commander", paramLabel = "PRINCIPAL")
        String commander;

        @Option(names = "--cra", description = "Add the EU Cyber Resilience Act's clocks (24 h, 72 h, 14 days).")
        boolean cra;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("title", title);
            body.put("severity", severity);
            body.put("finding", finding == null ? null : finding.toString());
            body.put("things", things == null ? List.of() : things);
            body.put("principals", principals == null ? List.of() : principals);
            body.put("addresses", addresses == null ? List.of() : addresses);
            body.put("secrets", secrets == null ? List.of() : secrets);
            body.put("cas", cas == null ? List.of() : cas);
            body.put("policies", policies == null ? List.of() : policies);
            body.put("playbook", playbook);
            body.put("commander", commander);
            body.put("cra", cra);
            printOrJson(spec, json, incident.admin().post("/incidents", body));
            return 0;
        }
    }

    @Command(name = "list", description = "Open incidents, newest first (incident:ListIncidents).")
    static final class ListIncidents implements Callable<Integer> {
        @ParentCommand
        IncidentCommand incident;

        @Spec
        CommandSpec spec;

        @Option(names = "--all", description = "Closed ones too.")
        boolean all;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode answer = incident.admin().get("/incidents" + (all ? "?status=all" : ""));
            Output.listing(spec.commandLine().getOut(), json, answer, "incidents", COLUMNS);
            return 0;
        }
    }

    @Command(
            name = "show",
            description = "An incident, its clocks, tasks and status updates (incident:DescribeIncident).")
    static final class Show implements Callable<Integer> {
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
            JsonNode i = incident.admin().get(path(id));
            printOrJson(spec, json, i);
            if (!json) {
                PrintWriter out = spec.commandLine().getOut();
                for (JsonNode t : i.path("tasks")) {
                    out.printf(
                            "  task %s [%s] %s (owner %s%s)%n",
                            t.path("id").asText(),
                            t.path("done").asBoolean() ? "done" : "open",
                            t.path("title").asText(),
                            t.path("owner").asText(),
                            t.path("dueAt").isNull()
                                    ? ""
                                    : ", due " + t.path("dueAt").asText());
                }
                for (JsonNode u : i.path("statusUpdates")) {
                    out.printf(
                            "  status page %s [%s] %s%n",
                            u.path("postedAt").asText(),
                            u.path("status").asText(),
                            u.path("message").asText());
                }
            }
            return 0;
        }
    }

    @Command(
            name = "timeline",
            description = "The incident's events from the audit hash chain, and the signed"
                    + " digests that cover them (incident:GetIncidentTimeline).")
    static final class Timeline implements Callable<Integer> {
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
            JsonNode t = incident.admin().get(path(id) + "/timeline");
            if (json) {
                Output.json(spec.commandLine().getOut(), t);
                return 0;
            }
            PrintWriter out = spec.commandLine().getOut();
            for (JsonNode e : t.path("events")) {
                out.printf(
                        "%6d %s %-30s %-22s %s%n",
                        e.path("seq").asLong(),
                        e.path("time").asText(),
                        e.path("action").asText(),
                        e.path("principal").asText(),
                        e.path("details"));
            }
            JsonNode proof = t.path("proof");
            out.printf(
                    "Chain seq %d..%d, %d signed digests cover it%s%n",
                    proof.path("firstSeq").asLong(),
                    proof.path("lastSeq").asLong(),
                    proof.path("digests").size(),
                    proof.path("complete").asBoolean() ? "" : " (the newest events await the next checkpoint)");
            return 0;
        }
    }

    @Command(
            name = "advance",
            description = "Move the incident to a later phase (triaged, communicated, mitigated,"
                    + " recovered, closed, reviewed) or mark a CRA milestone (incident:AdvanceIncident).")
    static final class Advance implements Callable<Integer> {
        @ParentCommand
        IncidentCommand incident;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID")
        long id;

        @Parameters(index = "1", paramLabel = "PHASE")
        String to;

        @Option(names = "--note")
        String note;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("to", to);
            body.put("note", note);
            printOrJson(spec, json, incident.admin().post(path(id) + "/advance", body));
            return 0;
        }
    }

    @Command(name = "close", description = "Close the incident (advance to closed; incident:AdvanceIncident).")
    static final class Close implements Callable<Integer> {
        @ParentCommand
        IncidentCommand incident;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--note")
        String note;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("to", "closed");
            body.put("note", note);
            printOrJson(spec, json, incident.admin().post(path(id) + "/advance", body));
            return 0;
        }
    }
}
