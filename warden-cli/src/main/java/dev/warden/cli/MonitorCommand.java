package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.monitor.core.MitigationAction;
import dev.warden.node.config.ConfigLoader;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden monitor ...}: security monitoring through the admin API. Profiles are under {@code profile}; alarms
 * are listed ({@code alarms}), shown ({@code alarm}), verified ({@code verify}) and mitigated by hand
 * ({@code mitigate}); suppressions are made with a reason and an expiry ({@code suppress}), listed and lifted.
 */
@Command(
        name = "monitor",
        description = "Security monitoring: profiles, alarms, verification, suppressions, mitigations, releases.",
        subcommands = {
            MonitorProfileCommand.class,
            MonitorCommand.Alarms.class,
            MonitorCommand.Alarm.class,
            MonitorCommand.Verify.class,
            MonitorCommand.Suppress.class,
            MonitorCommand.SuppressionList.class,
            MonitorCommand.Unsuppress.class,
            MonitorCommand.Mitigate.class,
            MonitorMitigationCommands.Mitigations.class,
            MonitorMitigationCommands.Notifications.class,
            MonitorMitigationCommands.Release.class
        })
final class MonitorCommand {
    private static final String[] ALARM_COLUMNS = {
        "id", "state", "severity", "profile", "behaviour", "target", "value", "firstSeen", "verification", "suppressed"
    };

    @ParentCommand
    WardenCommand parent;

    AdminClient admin() {
        return AdminClient.admin(parent.options);
    }

    static String alarmPath(String id) {
        return "/monitor/alarms/" + Paths.segment(id);
    }

    @Command(name = "alarms", description = "List alarms, newest first (monitor:ListAlarms).")
    static final class Alarms implements Callable<Integer> {
        @ParentCommand
        MonitorCommand monitor;

        @Spec
        CommandSpec spec;

        @Option(names = "--active", description = "Only active alarms.")
        boolean active;

        @Option(names = "--thing", paramLabel = "NAME")
        String thing;

        @Option(
                names = "--target",
                paramLabel = "KEY",
                description = "thing/NAME, sourceip/IP, user/NAME, principal/ARN.")
        String target;

        @Option(names = "--profile", paramLabel = "NAME")
        String profile;

        @Option(names = "--behaviour", paramLabel = "NAME")
        String behaviour;

        @Option(names = "--severity", paramLabel = "LEVEL", description = "critical, high, medium or low.")
        String severity;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100")
        int limit;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            if (active) {
                query.put("active", "true");
            }
            query.put("thing", thing);
            query.put("target", target);
            query.put("profile", profile);
            query.put("behaviour", behaviour);
            query.put("severity", severity);
            query.put("limit", String.valueOf(limit));
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    monitor.admin().get("/monitor/alarms" + Paths.query(query)),
                    "alarms",
                    ALARM_COLUMNS);
            return 0;
        }
    }

    @Command(name = "alarm", description = "Show one alarm (monitor:DescribeAlarm).")
    static final class Alarm implements Callable<Integer> {
        @ParentCommand
        MonitorCommand monitor;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode alarm = monitor.admin().get(alarmPath(id));
            if (json) {
                Output.json(spec.commandLine().getOut(), alarm);
            } else {
                fields(spec.commandLine().getOut(), alarm);
            }
            return 0;
        }
    }

    /** One field a line, aligned: how a single record reads best. */
    static void fields(PrintWriter out, JsonNode record) {
        int width = 0;
        for (var it = record.fieldNames(); it.hasNext(); ) {
            width = Math.max(width, it.next().length());
        }
        int w = width;
        record.fields()
                .forEachRemaining(f -> out.printf(
                        "%-" + (w + 2) + "s%s%n",
                        f.getKey(),
                        f.getValue().isNull() ? "-" : f.getValue().asText()));
    }

    @Command(
            name = "verify",
            description = "Record your judgement of an alarm (monitor:VerifyAlarm): true-positive, false-positive,"
                    + " benign-positive or unknown. False and benign positives teach learned baselines.")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        MonitorCommand monitor;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ALARM")
        String id;

        @Option(names = "--state", required = true, paramLabel = "STATE")
        String state;

        @Option(names = "--note", paramLabel = "TEXT")
        String note;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("state", state);
            if (note != null) {
                body.put("note", note);
            }
            JsonNode alarm = monitor.admin().post(alarmPath(id) + "/verification", body);
            if (json) {
                Output.json(spec.commandLine().getOut(), alarm);
            } else {
                spec.commandLine()
                        .getOut()
                        .printf(
                                "Alarm %s verified as %s%n",
                                id, alarm.path("verification").asText());
            }
            return 0;
        }
    }

    @Command(
            name = "suppress",
            description = "Suppress alarms for a while (monitor:CreateSuppression): they are still recorded, marked"
                    + " suppressed, and run no automatic mitigation. Name at least one of --thing/--target, --profile,"
                    + " --behaviour.")
    static final class Suppress implements Callable<Integer> {
        @ParentCommand
        MonitorCommand monitor;

        @Spec
        CommandSpec spec;

        @Option(names = "--thing", paramLabel = "NAME")
        String thing;

        @Option(
                names = "--target",
                paramLabel = "KEY",
                description = "thing/NAME, sourceip/IP, user/NAME, principal/ARN.")
        String target;

        @Option(names = "--profile", paramLabel = "NAME")
        String profile;

        @Option(names = "--behaviour", paramLabel = "NAME")
        String behaviour;

        @Option(names = "--reason", required = true, paramLabel = "TEXT")
        String reason;

        @Option(
                names = "--expires",
                required = true,
                paramLabel = "DURATION",
                description = "30m, 24h, 7d; at most 90d.")
        String expires;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            if (thing != null && target != null) {
                throw new CliException("give --thing or --target, not both");
            }
            Duration d;
            try {
                d = ConfigLoader.parseDuration(expires);
            } catch (IllegalArgumentException e) {
                throw new CliException("--expires: " + e.getMessage());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("thing", thing);
            body.put("target", target);
            body.put("profile", profile);
            body.put("behaviour", behaviour);
            body.values().removeIf(v -> v == null);
            body.put("reason", reason);
            body.put("expiresInSeconds", Math.min(Integer.MAX_VALUE, Math.max(1, d.toSeconds())));
            JsonNode s = monitor.admin().post("/monitor/suppressions", body);
            if (json) {
                Output.json(spec.commandLine().getOut(), s);
            } else {
                spec.commandLine()
                        .getOut()
                        .printf(
                                "Suppression %s until %s%n",
                                s.path("id").asText(), s.path("expiresAt").asText());
            }
            return 0;
        }
    }

    @Command(name = "suppressions", description = "List the suppressions in force (monitor:ListSuppressions).")
    static final class SuppressionList implements Callable<Integer> {
        @ParentCommand
        MonitorCommand monitor;

        @Spec
        CommandSpec spec;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    monitor.admin().get("/monitor/suppressions"),
                    "suppressions",
                    "id",
                    "profile",
                    "behaviour",
                    "target",
                    "reason",
                    "expiresAt",
                    "createdBy");
            return 0;
        }
    }

    @Command(name = "unsuppress", description = "Delete a suppression (monitor:DeleteSuppression).")
    static final class Unsuppress implements Callable<Integer> {
        @ParentCommand
        MonitorCommand monitor;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            monitor.admin().delete("/monitor/suppressions/" + Paths.segment(id));
            spec.commandLine().getOut().printf("Deleted suppression %s%n", id);
            return 0;
        }
    }

    @Command(
            name = "mitigate",
            description = "Run a mitigation on an alarm's target by hand; its IAM action is the mitigation's own"
                    + " (monitor:Quarantine, monitor:RevokeCertificate, ...).")
    static final class Mitigate implements Callable<Integer> {
        @ParentCommand
        MonitorCommand monitor;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ALARM")
        String id;

        @Option(
                names = "--action",
                required = true,
                paramLabel = "ACTION",
                description = "quarantine, revoke-certificate, disable-thing, ban-source-ip, ban-client-id,"
                        + " raise-audit-detail or notify.")
        String action;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            MitigationAction a = MitigationAction.byId(action)
                    .orElseThrow(() -> new CliException("UNKNOWN_MITIGATION: --action is one of "
                            + Arrays.stream(MitigationAction.values())
                                    .map(MitigationAction::id)
                                    .collect(Collectors.joining(", "))));
            JsonNode answer = monitor.admin().post(alarmPath(id) + "/mitigations/" + a.id(), Map.of());
            if (json) {
                Output.json(spec.commandLine().getOut(), answer);
            } else {
                spec.commandLine()
                        .getOut()
                        .printf(
                                "Ran %s on alarm %s (mitigation %s)%n",
                                a.id(), id, answer.path("mitigationId").asText());
            }
            return 0;
        }
    }
}
