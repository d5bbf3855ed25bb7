package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
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
 * {@code warden job ...}: over-the-air jobs that install a firmware release on things and groups, rolled out at a
 * rate, aborted by their criteria, timed out per execution.
 */
@Command(
        name = "job",
        description = "OTA jobs: create (a release for things and groups, with its rollout), list, show, cancel,"
                + " executions.",
        subcommands = {
            JobCommand.Create.class,
            JobCommand.ListJobs.class,
            JobCommand.Show.class,
            JobCommand.Cancel.class,
            JobCommand.Executions.class
        })
final class JobCommand {
    @ParentCommand
    WardenCommand parent;

    AdminClient admin() {
        return AdminClient.admin(parent.options);
    }

    static void describe(java.io.PrintWriter out, JsonNode job) {
        out.printf(
                "Job %s: %s %s, %s%s; executions %s%n",
                job.path("jobId").asText(),
                job.path("thingType").asText(),
                job.path("version").asText(),
                job.path("status").asText(),
                job.has("reason") ? " (" + job.path("reason").asText() + ")" : "",
                job.path("executions"));
    }

    @Command(name = "create", description = "Create a job that installs a release on things and thing groups.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        JobCommand job;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "JOB_ID")
        String id;

        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "The release's thing type.")
        String type;

        @Option(names = "--release", required = true, paramLabel = "VERSION", description = "The release to install.")
        String release;

        @Option(names = "--thing", paramLabel = "NAME", description = "A thing to target (repeatable).")
        List<String> things = new ArrayList<>();

        @Option(names = "--group", paramLabel = "NAME", description = "A thing group whose members to target.")
        List<String> groups = new ArrayList<>();

        @Option(
                names = "--max-per-minute",
                paramLabel = "N",
                description = "Things notified per minute at most (default 60).")
        Integer maxPerMinute;

        @Option(
                names = "--abort-failed-percent",
                paramLabel = "P",
                description = "Abort when more than P% of executed things failed, were rejected or timed out...")
        Double abortPercent;

        @Option(
                names = "--abort-min-executed",
                paramLabel = "N",
                defaultValue = "10",
                description = "...once at least N things executed (default 10).")
        int abortMinExecuted;

        @Option(
                names = "--timeout-minutes",
                paramLabel = "M",
                description = "An execution in progress longer than this times out.")
        Integer timeoutMinutes;

        @Option(names = "--start", paramLabel = "TIME", description = "Notify no thing before (ISO-8601, UTC).")
        String start;

        @Option(
                names = "--window",
                paramLabel = "HH:MM/MINUTES",
                description = "A daily maintenance window in UTC, e.g. 23:00/240 (repeatable): notify only inside.")
        List<String> windows = new ArrayList<>();

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("jobId", id);
            body.put("thingType", type);
            body.put("version", release);
            body.put("targets", Map.of("things", things, "thingGroups", groups));
            if (maxPerMinute != null) {
                body.put("maximumPerMinute", maxPerMinute);
            }
            if (abortPercent != null) {
                body.put(
                        "abortCriteria",
                        List.of(Map.of(
                                "failureType", "ALL",
                                "thresholdPercentage", abortPercent,
                                "minNumberOfExecutedThings", abortMinExecuted)));
            }
            if (timeoutMinutes != null) {
                body.put("inProgressTimeoutInMinutes", timeoutMinutes);
            }
            if (start != null) {
                body.put("startTime", start);
            }
            List<Map<String, Object>> maintenance = new ArrayList<>();
            for (String window : windows) {
                String[] parts = window.split("/", 2);
                if (parts.length != 2 || !parts[1].matches("[0-9]{1,4}")) {
                    throw new CliException("--window is HH:MM/MINUTES, e.g. 23:00/240, not " + window);
                }
                maintenance.add(Map.of("startTime", parts[0], "durationInMinutes", Integer.parseInt(parts[1])));
            }
            if (!maintenance.isEmpty()) {
                body.put("maintenanceWindows", maintenance);
            }
            describe(spec.commandLine().getOut(), job.admin().post("/jobs", body));
            return 0;
        }
    }

    @Command(name = "list", description = "List jobs, newest first.")
    static final class ListJobs implements Callable<Integer> {
        @ParentCommand
        JobCommand job;

        @Spec
        CommandSpec spec;

        @Option(names = "--status", paramLabel = "STATUS", description = "IN_PROGRESS, CANCELED or COMPLETED.")
        String status;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode list =
                    job.admin().get("/jobs" + Paths.query(java.util.Collections.singletonMap("status", status)));
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    list,
                    "jobs",
                    "jobId",
                    "thingType",
                    "version",
                    "status",
                    "executions",
                    "createdAt");
            return 0;
        }
    }

    @Command(name = "show", description = "Show a job: its release, status, rollout and executions per state.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        JobCommand job;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "JOB_ID")
        String id;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode answer = job.admin().get("/jobs/" + Paths.segment(id));
            if (json) {
                Output.json(spec.commandLine().getOut(), answer);
            } else {
                describe(spec.commandLine().getOut(), answer);
            }
            return 0;
        }
    }

    @Command(name = "cancel", description = "Cancel a job: its executions not yet ended are canceled.")
    static final class Cancel implements Callable<Integer> {
        @ParentCommand
        JobCommand job;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "JOB_ID")
        String id;

        @Option(names = "--reason", paramLabel = "TEXT")
        String reason;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            if (reason != null) {
                body.put("reason", reason);
            }
            describe(spec.commandLine().getOut(), job.admin().post("/jobs/" + Paths.segment(id) + "/cancel", body));
            return 0;
        }
    }

    @Command(name = "executions", description = "A job's executions: each thing's state and what it reported.")
    static final class Executions implements Callable<Integer> {
        @ParentCommand
        JobCommand job;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "JOB_ID")
        String id;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    job.admin().get("/jobs/" + Paths.segment(id) + "/executions"),
                    "executions",
                    "thing",
                    "status",
                    "versionNumber",
                    "notifiedAt",
                    "updatedAt",
                    "statusDetails");
            return 0;
        }
    }
}
