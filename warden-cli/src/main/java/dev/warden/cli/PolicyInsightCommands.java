package dev.warden.cli;

import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicyValidationException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden policy analyze|generate|unused}: what a policy grants beyond need, found offline in a file
 * ({@code analyze}) or from what the node observed ({@code generate}, {@code unused}).
 */
final class PolicyInsightCommands {
    private PolicyInsightCommands() {}

    @Command(
            name = "analyze",
            description = "Least-privilege findings for a policy file (offline): wildcard actions or"
                    + " resources, device policies not scoped to the device, NotAction/NotResource with Allow, MQTT wildcards"
                    + " in Deny. Exit code 1 when a HIGH finding is present.")
    static final class Analyze implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            PolicyParser.Result parsed;
            try {
                parsed = PolicyCommand.loadStrict(file);
            } catch (PolicyValidationException e) {
                throw new CliException(
                        "invalid policy at " + e.position() + ": " + e.getMessage() + " (" + e.reason() + ")");
            }
            var findings = dev.warden.policy.LeastPrivilegeAnalyzer.analyze(parsed.policy());
            var out = spec.commandLine().getOut();
            if (!json) {
                PolicyCommand.printWarnings(spec.commandLine().getErr(), file, parsed);
            }
            if (json) {
                Output.json(
                        out,
                        java.util.Map.of(
                                "findings",
                                findings.stream()
                                        .map(dev.warden.api.PolicyAnalysisApi::view)
                                        .toList()));
            } else if (findings.isEmpty()) {
                out.println("No findings.");
            } else {
                findings.forEach(f -> out.printf(
                        "%-6s %-28s statement %d%s: %s%n",
                        f.severity(),
                        f.code(),
                        f.statementIndex(),
                        f.sid() == null ? "" : " (" + f.sid() + ")",
                        f.message()));
            }
            return findings.stream().anyMatch(f -> f.severity() == dev.warden.policy.Finding.Severity.HIGH) ? 1 : 0;
        }
    }

    @Command(
            name = "generate",
            description = "A least-privilege policy from what a principal was allowed to do, read"
                    + " from the audit trail (action iam:GeneratePolicy).")
    static final class Generate implements Callable<Integer> {
        @ParentCommand
        PolicyCommand policy;

        @Spec
        CommandSpec spec;

        @Option(names = "--principal", required = true, description = "Thing name, user name or admin credential id.")
        String principal;

        @Option(names = "--from", paramLabel = "TIME")
        String from;

        @Option(names = "--to", paramLabel = "TIME")
        String to;

        @Override
        public Integer call() {
            StringBuilder path = new StringBuilder("/analyzer/generate?principal=")
                    .append(java.net.URLEncoder.encode(principal, java.nio.charset.StandardCharsets.UTF_8));
            if (from != null) {
                path.append("&from=").append(java.net.URLEncoder.encode(from, java.nio.charset.StandardCharsets.UTF_8));
            }
            if (to != null) {
                path.append("&to=").append(java.net.URLEncoder.encode(to, java.nio.charset.StandardCharsets.UTF_8));
            }
            path.append("&withSources=true");
            var answer = policy.admin().get(path.toString());
            Output.json(spec.commandLine().getOut(), answer.path("policy"));
            // What it was generated from goes to stderr, so stdout stays a policy document to save.
            var period = answer.path("period");
            var err = spec.commandLine().getErr();
            err.println("Generated from the audit trail of " + principal + ", " + text(period.path("from"), "the start")
                    + " to " + text(period.path("to"), "now") + " (events used: "
                    + text(period.path("firstEvent"), "none")
                    + " .. " + text(period.path("lastEvent"), "none") + ")");
            StringBuilder used = new StringBuilder();
            answer.path("sources")
                    .fields()
                    .forEachRemaining(e -> used.append(used.length() == 0 ? "" : ", ")
                            .append(e.getKey())
                            .append(" x")
                            .append(e.getValue().asLong()));
            err.println("Sources: " + (used.length() == 0 ? "no allowed activity" : used)
                    + " (iot:TrafficSummary: topics published and filters subscribed, as the gateway observed them)");
            if (answer.path("topicsTruncated").asBoolean()) {
                err.println("Warning: some summaries left topics out (too many distinct topics); review the policy.");
            }
            return 0;
        }

        private static String text(com.fasterxml.jackson.databind.JsonNode node, String fallback) {
            return node.isMissingNode() || node.isNull() ? fallback : node.asText();
        }
    }

    @Command(
            name = "unused",
            description = "Allow statements attached to a principal that decided none of its calls"
                    + " in the audit trail (candidates for removal).")
    static final class Unused implements Callable<Integer> {
        @ParentCommand
        PolicyCommand policy;

        @Spec
        CommandSpec spec;

        @Option(names = "--type", required = true, description = "admin, user, group, role or service.")
        String type;

        @Option(names = "--principal", required = true)
        String principal;

        @Option(names = "--from", paramLabel = "TIME")
        String from;

        @Override
        public Integer call() {
            String path = "/analyzer/unused?type="
                    + java.net.URLEncoder.encode(type, java.nio.charset.StandardCharsets.UTF_8)
                    + "&principal=" + java.net.URLEncoder.encode(principal, java.nio.charset.StandardCharsets.UTF_8)
                    + (from == null
                            ? ""
                            : "&from=" + java.net.URLEncoder.encode(from, java.nio.charset.StandardCharsets.UTF_8));
            var unused = policy.admin().get(path).path("unused");
            if (unused.isEmpty()) {
                spec.commandLine().getOut().println("Every Allow statement was used.");
            }
            unused.forEach(u -> spec.commandLine()
                    .getOut()
                    .printf(
                            "unused: policy %s statement %s %s%n",
                            u.path("policy").asText(),
                            u.path("sid").isNull()
                                    ? "#" + u.path("statement").asInt()
                                    : u.path("sid").asText(),
                            u.path("actions")));
            return 0;
        }
    }

    /** What a policy is attached to: a thing, or an admin credential. */
}
