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

/**
 * {@code warden compliance ...}: posture checks through the admin API. Checks run on every change by themselves;
 * {@code run} runs them now. Findings are listed ({@code findings}), shown ({@code show}), set aside with a reason
 * and an expiry ({@code suppress}, {@code baseline}), and fixed ({@code fix}, with {@code --dry-run} first) through
 * the same admin API call a person would make, as that person.
 */
@Command(
        name = "compliance",
        description = "Continuous compliance: runs, findings, suppressions and baselines, one-command fixes.",
        subcommands = {
            ComplianceCommand.Run.class,
            ComplianceCommand.Findings.class,
            ComplianceCommand.Show.class,
            ComplianceCommand.Suppress.class,
            ComplianceCommand.Baseline.class,
            ComplianceCommand.Unsuppress.class,
            ComplianceFixCommand.class,
            ComplianceCommand.Runs.class,
            ComplianceReportCommand.class
        })
final class ComplianceCommand {
    static final String[] FINDING_COLUMNS = {"id", "severity", "status", "check", "resource", "reason"};
    private static final String[] RUN_COLUMNS = {"id", "startedAt", "trigger", "durationMs", "opened", "resolved"};

    @ParentCommand
    WardenCommand parent;

    AdminClient admin() {
        return AdminClient.admin(parent.options);
    }

    static String findingPath(String id) {
        return "/compliance/findings/" + Paths.segment(id);
    }

    /** One line per run: what it did and what is open after it. */
    static void printRun(PrintWriter out, JsonNode run) {
        JsonNode open = run.path("open");
        out.printf(
                "Run %s (%s): %d checks in %d ms; opened %d, resolved %d; open: critical %d, high %d, medium %d,"
                        + " low %d%s%n",
                run.path("id").asText(),
                run.path("trigger").asText(),
                run.path("checks").asInt(),
                run.path("durationMs").asLong(),
                run.path("opened").asInt(),
                run.path("resolved").asInt(),
                open.path("critical").asInt(),
                open.path("high").asInt(),
                open.path("medium").asInt(),
                open.path("low").asInt(),
                run.path("failed").isEmpty() ? "" : "; FAILED checks (findings kept): " + run.path("failed"));
    }

    @Command(name = "run", description = "Run the checks now and wait for the result (compliance:StartRun).")
    static final class Run implements Callable<Integer> {
        @ParentCommand
        ComplianceCommand compliance;

        @Spec
        CommandSpec spec;

        @Option(names = "--check", paramLabel = "CHECK_ID", description = "Only this check (repeatable).")
        List<String> checks;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            if (checks != null && !checks.isEmpty()) {
                body.put("checks", checks);
            }
            JsonNode run = compliance.admin().post("/compliance/runs", body);
            if (json) {
                Output.json(spec.commandLine().getOut(), run);
            } else {
                printRun(spec.commandLine().getOut(), run);
            }
            return 0;
        }
    }

    @Command(name = "findings", description = "List findings, most severe first (compliance:ListFindings).")
    static final class Findings implements Callable<Integer> {
        @ParentCommand
        ComplianceCommand compliance;

        @Spec
        CommandSpec spec;

        @Option(names = "--severity", paramLabel = "LEVEL", description = "critical, high, medium or low.")
        String severity;

        @Option(
                names = "--framework",
                paramLabel = "ID",
                description = "Only checks mapped to the framework's controls: etsi-en-303-645, nist-800-53, cis-v8,"
                        + " iec-62443-4-2.")
        String framework;

        @Option(
                names = "--status",
                paramLabel = "STATUS",
                description = "open, suppressed, resolved or all (default: open and suppressed).")
        String status;

        @Option(names = "--check", paramLabel = "CHECK_ID")
        String check;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("severity", severity);
            query.put("framework", framework);
            query.put("status", status);
            query.put("check", check);
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    compliance.admin().get("/compliance/findings" + Paths.query(query)),
                    "findings",
                    FINDING_COLUMNS);
            return 0;
        }
    }

    @Command(name = "show", description = "Show one finding, its remediation and its fix (compliance:DescribeFinding).")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        ComplianceCommand compliance;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FINDING")
        String id;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode finding = compliance.admin().get(findingPath(id));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, finding);
                return 0;
            }
            print(out, finding);
            return 0;
        }

        /** One field a line; the fix and the suppression (objects) as their own indented lines. */
        private static void print(PrintWriter out, JsonNode finding) {
            finding.fields().forEachRemaining(f -> {
                JsonNode v = f.getValue();
                if (v.isObject()) {
                    out.printf("%-14s%n", f.getKey());
                    v.fields()
                            .forEachRemaining(inner -> out.printf(
                                    "  %-12s%s%n",
                                    inner.getKey(),
                                    inner.getValue().isNull()
                                            ? "-"
                                            : inner.getValue().asText()));
                } else {
                    out.printf("%-14s%s%n", f.getKey(), v.isNull() ? "-" : v.asText());
                }
            });
        }
    }

    @Command(
            name = "suppress",
            description = "Set a finding aside with a reason and an expiry (compliance:CreateSuppression); you are"
                    + " its owner. Later occurrences of its check on its resource are set aside too until then.")
    static final class Suppress implements Callable<Integer> {
        @ParentCommand
        ComplianceCommand compliance;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FINDING")
        String id;

        @Option(names = "--reason", required = true, paramLabel = "TEXT")
        String reason;

        @Option(
                names = "--until",
                required = true,
                paramLabel = "DATE",
                description = "2027-01-31 (to the end of that day, UTC) or an ISO 8601 instant; at most a year.")
        String until;

        @Override
        public Integer call() {
            JsonNode s =
                    compliance.admin().post(findingPath(id) + "/suppression", Map.of("reason", reason, "until", until));
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Finding %s suppressed until %s (suppression %s)%n",
                            id, s.path("until").asText(), s.path("id").asText());
            return 0;
        }
    }

    @Command(
            name = "baseline",
            description = "Accept what exists today: suppress every open finding with a reason and an expiry"
                    + " (compliance:CreateSuppression); findings that appear later are open.")
    static final class Baseline implements Callable<Integer> {
        @ParentCommand
        ComplianceCommand compliance;

        @Spec
        CommandSpec spec;

        @Option(names = "--reason", required = true, paramLabel = "TEXT")
        String reason;

        @Option(names = "--until", required = true, paramLabel = "DATE")
        String until;

        @Override
        public Integer call() {
            JsonNode b = compliance.admin().post("/compliance/baseline", Map.of("reason", reason, "until", until));
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Baseline: %d findings suppressed until %s%n",
                            b.path("suppressed").asInt(), b.path("until").asText("-"));
            return 0;
        }
    }

    @Command(name = "unsuppress", description = "Lift a suppression (compliance:DeleteSuppression); its findings open.")
    static final class Unsuppress implements Callable<Integer> {
        @ParentCommand
        ComplianceCommand compliance;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SUPPRESSION")
        String id;

        @Override
        public Integer call() {
            JsonNode r = compliance.admin().delete("/compliance/suppressions/" + Paths.segment(id));
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Suppression %s lifted; %d finding(s) open again%n",
                            id, r.path("reopened").asInt());
            return 0;
        }
    }

    @Command(name = "runs", description = "The history of runs, newest first (compliance:ListRuns).")
    static final class Runs implements Callable<Integer> {
        @ParentCommand
        ComplianceCommand compliance;

        @Spec
        CommandSpec spec;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20")
        int limit;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    compliance.admin().get("/compliance/runs?limit=" + limit),
                    "runs",
                    RUN_COLUMNS);
            return 0;
        }
    }
}
