package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * {@code warden oncall ...}: on-call schedules (rotations across time zones, follow-the-sun hours, overrides) and
 * escalation policies as documents, and who is on call now or at any time.
 */
@Command(
        name = "oncall",
        description = "On-call: schedules and escalation policies (JSON or YAML documents), who is on call.",
        subcommands = {OncallCommand.Schedule.class, OncallCommand.Policy.class, OncallCommand.Who.class})
final class OncallCommand {
    @ParentCommand
    WardenCommand parent;

    AdminClient admin() {
        return AdminClient.admin(parent.options);
    }

    static void printStored(CommandSpec spec, String kind, JsonNode d) {
        spec.commandLine()
                .getOut()
                .printf(
                        "%s %s version %s (updated %s by %s)%n",
                        kind,
                        d.path("name").asText(),
                        d.path("version").asText(),
                        d.path("updatedAt").asText(),
                        d.path("updatedBy").asText());
    }

    @Command(
            name = "schedule",
            description = "Put (--file), show (NAME) or list schedules"
                    + " (incident:PutOnCallSchedule, GetOnCallSchedule, ListOnCallSchedules).")
    static final class Schedule implements Callable<Integer> {
        @ParentCommand
        OncallCommand oncall;

        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "NAME", description = "Show this schedule's document.")
        String name;

        @Option(names = "--file", paramLabel = "FILE", description = "Store this document (its name is inside).")
        Path file;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            if (file != null) {
                String document = AdminClient.read(file);
                JsonNode stored = oncall.admin()
                        .put("/oncall/schedules/" + Paths.segment(nameIn(document)), Map.of("document", document));
                printStored(spec, "Schedule", stored);
            } else if (name != null) {
                JsonNode d = oncall.admin().get("/oncall/schedules/" + Paths.segment(name));
                if (json) {
                    Output.json(spec.commandLine().getOut(), d);
                } else {
                    printStored(spec, "Schedule", d);
                    spec.commandLine().getOut().println(d.path("document").asText());
                }
            } else {
                Output.listing(
                        spec.commandLine().getOut(),
                        json,
                        oncall.admin().get("/oncall/schedules"),
                        "schedules",
                        "name",
                        "version",
                        "updatedAt",
                        "updatedBy");
            }
            return 0;
        }
    }

    @Command(
            name = "policy",
            description = "Put (--file) or list escalation policies"
                    + " (incident:PutEscalationPolicy, ListEscalationPolicies).")
    static final class Policy implements Callable<Integer> {
        @ParentCommand
        OncallCommand oncall;

        @Spec
        CommandSpec spec;

        @Option(names = "--file", paramLabel = "FILE")
        Path file;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            if (file != null) {
                String document = AdminClient.read(file);
                printStored(
                        spec,
                        "Escalation policy",
                        oncall.admin()
                                .put(
                                        "/oncall/policies/" + Paths.segment(nameIn(document)),
                                        Map.of("document", document)));
            } else {
                Output.listing(
                        spec.commandLine().getOut(),
                        json,
                        oncall.admin().get("/oncall/policies"),
                        "policies",
                        "name",
                        "version",
                        "updatedAt",
                        "updatedBy");
            }
            return 0;
        }
    }

    @Command(name = "who", description = "Who is on call now, or --at a time (incident:GetOnCall).")
    static final class Who implements Callable<Integer> {
        @ParentCommand
        OncallCommand oncall;

        @Spec
        CommandSpec spec;

        @Option(names = "--schedule", paramLabel = "NAME", description = "Default: incident-oncall-schedule.")
        String schedule;

        @Option(names = "--at", paramLabel = "INSTANT", description = "ISO-8601, e.g. 2026-12-07T03:00:00Z.")
        String at;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("schedule", schedule);
            q.put("at", at);
            JsonNode w = oncall.admin().get("/oncall/who" + Paths.query(q));
            if (json) {
                Output.json(spec.commandLine().getOut(), w);
                return 0;
            }
            JsonNode o = w.path("onCall");
            if (o.isNull() || o.isMissingNode()) {
                spec.commandLine()
                        .getOut()
                        .printf("Nobody is on call at %s%n", w.path("at").asText());
                return 1;
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s (%s) is on call at %s: schedule %s, %s, turn %s to %s%n",
                            o.path("principal").asText(),
                            o.path("email").asText(),
                            w.path("at").asText(),
                            o.path("schedule").asText(),
                            o.path("source").asText(),
                            o.path("turnStart").asText(),
                            o.path("turnEnd").asText());
            return 0;
        }
    }

    /** The document's own name (a line {@code name: X} in YAML, or {@code "name": "X"} in JSON). */
    static String nameIn(String document) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*\"?name\"?\\s*:\\s*\"?([a-z0-9._-]+)\"?")
                .matcher(document);
        if (!m.find()) {
            throw new CliException("the document has no name (a line name: ...)");
        }
        return m.group(1);
    }
}
