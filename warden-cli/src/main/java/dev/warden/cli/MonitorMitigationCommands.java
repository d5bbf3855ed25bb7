package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code warden monitor mitigations|notifications|release}: what the mitigations did, and undoing a quarantine. */
final class MonitorMitigationCommands {
    private MonitorMitigationCommands() {}

    private static String query(Long alarm, int limit) {
        return alarm == null ? "?limit=" + limit : "?alarm=" + alarm;
    }

    @Command(
            name = "mitigations",
            description = "Mitigations run, newest first: by whom, on what, done or failed (monitor:ListMitigations).")
    static final class Mitigations implements Callable<Integer> {
        @ParentCommand
        MonitorCommand monitor;

        @Spec
        CommandSpec spec;

        @Option(names = "--alarm", paramLabel = "ID", description = "Only this alarm's (oldest first).")
        Long alarm;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default 100).")
        int limit;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode answer = monitor.admin().get("/monitor/mitigations" + query(alarm, limit));
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    answer,
                    "mitigations",
                    "id",
                    "alarmId",
                    "action",
                    "target",
                    "automatic",
                    "principal",
                    "status",
                    "detail");
            return 0;
        }
    }

    @Command(
            name = "notifications",
            description = "Webhook deliveries and their state: attempts, last answer (monitor:ListNotifications).")
    static final class Notifications implements Callable<Integer> {
        @ParentCommand
        MonitorCommand monitor;

        @Spec
        CommandSpec spec;

        @Option(names = "--alarm", paramLabel = "ID", description = "Only this alarm's (oldest first).")
        Long alarm;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default 100).")
        int limit;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode answer = monitor.admin().get("/monitor/notifications" + query(alarm, limit));
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    answer,
                    "notifications",
                    "deliveryId",
                    "alarmId",
                    "destination",
                    "status",
                    "attempts",
                    "lastStatusCode",
                    "lastError");
            return 0;
        }
    }

    @Command(
            name = "release",
            description = "Take a thing out of quarantine; its own policies apply at its next packet"
                    + " (monitor:ReleaseFromQuarantine).")
    static final class Release implements Callable<Integer> {
        @ParentCommand
        MonitorCommand monitor;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "THING")
        String thing;

        @Override
        public Integer call() {
            JsonNode answer = monitor.admin().post("/monitor/things/" + Paths.segment(thing) + "/release", Map.of());
            spec.commandLine()
                    .getOut()
                    .println(
                            answer.path("released").asBoolean()
                                    ? "Released " + thing + " from quarantine"
                                    : thing + " was not in quarantine");
            return 0;
        }
    }
}
