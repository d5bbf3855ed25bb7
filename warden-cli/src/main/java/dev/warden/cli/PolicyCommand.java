package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.policy.AuthorizationRequest;
import dev.warden.policy.Decision;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyEvaluator;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicySet;
import dev.warden.policy.PolicyValidationException;
import dev.warden.policy.RequestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden policy ...}: stored policies and their attachments (through the admin API), and {@code validate} /
 * {@code simulate}, which work offline on policy files.
 */
@Command(
        name = "policy",
        description = "Policies (validate and simulate work offline).",
        subcommands = {
            PolicyCommand.Validate.class,
            PolicyCommand.Simulate.class,
            PolicyCommand.Create.class,
            PolicyCommand.Update.class,
            PolicyCommand.Delete.class,
            PolicyCommand.ListPolicies.class,
            PolicyCommand.Show.class,
            PolicyCommand.Attach.class,
            PolicyCommand.Detach.class,
            PolicyInsightCommands.Analyze.class,
            PolicyInsightCommands.Generate.class,
            PolicyInsightCommands.Unused.class
        })
final class PolicyCommand {
    @ParentCommand
    WardenCommand parent;

    AdminClient admin() {
        return AdminClient.admin(parent.options);
    }

    static final class Target {
        @Option(names = "--thing", description = "A thing (device or application).")
        String thing;

        @Option(names = "--admin", paramLabel = "CREDENTIAL_ID", description = "An admin credential (its id).")
        String admin;

        @Option(names = "--user", description = "A user.")
        String user;

        @Option(names = "--group", description = "A group (applies to its members).")
        String group;

        @Option(names = "--role", description = "A role (applies to its sessions).")
        String role;

        @Option(names = "--service", description = "A service account (application).")
        String service;

        @Option(names = "--thing-group", description = "A thing group (applies to every thing in it).")
        String thingGroup;

        java.util.Map<String, String> body() {
            return thing != null
                    ? java.util.Map.of("thing", thing)
                    : admin != null
                            ? java.util.Map.of("admin", admin)
                            : user != null
                                    ? java.util.Map.of("user", user)
                                    : group != null
                                            ? java.util.Map.of("group", group)
                                            : role != null
                                                    ? java.util.Map.of("role", role)
                                                    : service != null
                                                            ? java.util.Map.of("service", service)
                                                            : java.util.Map.of("thingGroup", thingGroup);
        }

        String describe() {
            return thing != null
                    ? "thing " + thing
                    : admin != null
                            ? "admin credential " + admin
                            : user != null
                                    ? "user " + user
                                    : group != null
                                            ? "group " + group
                                            : role != null
                                                    ? "role " + role
                                                    : service != null
                                                            ? "service account " + service
                                                            : "thing group " + thingGroup;
        }
    }

    @Command(name = "create", description = "Store a new policy (validated first; an invalid policy is never stored).")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        PolicyCommand policy;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The policy document (JSON).")
        Path file;

        @picocli.CommandLine.Mixin
        ScopeOption scope;

        @Override
        public Integer call() {
            policy.admin().post("/policies", scope.body(name, "document", AdminClient.read(file)));
            spec.commandLine().getOut().printf("Created policy %s%n", name);
            return 0;
        }
    }

    @Command(name = "update", description = "Replace a policy's document; live sessions use it from their next packet.")
    static final class Update implements Callable<Integer> {
        @ParentCommand
        PolicyCommand policy;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The policy document (JSON).")
        Path file;

        @Override
        public Integer call() {
            policy.admin()
                    .put("/policies/" + Paths.segment(name), java.util.Map.of("document", AdminClient.read(file)));
            spec.commandLine().getOut().printf("Updated policy %s%n", name);
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a policy that is attached to nothing.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        PolicyCommand policy;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            policy.admin().delete("/policies/" + Paths.segment(name));
            spec.commandLine().getOut().printf("Deleted policy %s%n", name);
            return 0;
        }
    }

    @Command(name = "list", description = "List stored policies.")
    static final class ListPolicies implements Callable<Integer> {
        @ParentCommand
        PolicyCommand policy;

        @Spec
        CommandSpec spec;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            var list = policy.admin().get("/policies");
            Output.listing(
                    spec.commandLine().getOut(), json, list, "policies", "name", "scope", "builtIn", "updatedAt");
            return 0;
        }
    }

    @Command(name = "show", description = "Show a policy: its document and what it is attached to.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        PolicyCommand policy;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--json", description = "Print the API's answer as is (the document as a JSON string).")
        boolean json;

        @Override
        public Integer call() {
            JsonNode answer = policy.admin().get("/policies/" + Paths.segment(name));
            if (!json && answer.path("document").isTextual() && answer instanceof ObjectNode object) {
                // The API holds the document as the text it was written as; a person reads it as JSON.
                try {
                    object.set(
                            "document",
                            new ObjectMapper().readTree(answer.path("document").asText()));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    // Not JSON (never for a stored policy): printed as the text it is.
                }
            }
            Output.json(spec.commandLine().getOut(), answer);
            return 0;
        }
    }

    @Command(
            name = "attach",
            description = "Attach a policy to one principal: a thing, an admin credential, a user,"
                    + " a group, a role, a service account or a thing group.")
    static final class Attach implements Callable<Integer> {
        @ParentCommand
        PolicyCommand policy;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Override
        public Integer call() {
            policy.admin().post("/policies/" + Paths.segment(name) + "/attach", target.body());
            spec.commandLine().getOut().printf("Attached %s to %s%n", name, target.describe());
            return 0;
        }
    }

    @Command(
            name = "detach",
            description =
                    "Detach a policy from one principal (as for attach); live sessions lose the" + " access at once.")
    static final class Detach implements Callable<Integer> {
        @ParentCommand
        PolicyCommand policy;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Override
        public Integer call() {
            policy.admin().post("/policies/" + Paths.segment(name) + "/detach", target.body());
            spec.commandLine().getOut().printf("Detached %s from %s%n", name, target.describe());
            return 0;
        }
    }

    static Policy load(Path file) {
        return PolicyParser.parse(nameOf(file), AdminClient.read(file));
    }

    /** As the node parses a policy being written: unknown actions and foreign ARN partitions are errors. */
    static PolicyParser.Result loadStrict(Path file) {
        return PolicyParser.parseStrict(nameOf(file), AdminClient.read(file));
    }

    private static String nameOf(Path file) {
        return file.getFileName().toString().replaceFirst("\\.json$", "");
    }

    static void printWarnings(java.io.PrintWriter err, Path file, PolicyParser.Result parsed) {
        parsed.warnings()
                .forEach(w -> err.printf(
                        "%s: warning at %d:%d: %s (%s)%n", file, w.line(), w.column(), w.message(), w.code()));
    }

    @Command(
            name = "validate",
            description = "Check a policy document; exit 1 with the position and reason when invalid.")
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            try {
                PolicyParser.Result parsed = loadStrict(file);
                printWarnings(spec.commandLine().getErr(), file, parsed);
                spec.commandLine()
                        .getOut()
                        .printf(
                                "%s: valid (%d statement(s))%n",
                                file, parsed.policy().statements().size());
                return 0;
            } catch (PolicyValidationException e) {
                spec.commandLine()
                        .getErr()
                        .printf("%s: invalid at %s: %s (%s)%n", file, e.position(), e.getMessage(), e.reason());
                return 1;
            }
        }
    }

    @Command(name = "simulate", description = "Decide one request against policy files: ALLOW or DENY, and why.")
    static final class Simulate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--policy",
                paramLabel = "FILE",
                description = "Identity policy file (repeatable). With none,"
                        + " the answer is the implicit deny of a principal with no policy.")
        List<Path> policies = new ArrayList<>();

        @Option(
                names = "--boundary",
                paramLabel = "FILE",
                description = "Permission boundary policy file (repeatable).")
        List<Path> boundaries = new ArrayList<>();

        @Option(names = "--session-policy", paramLabel = "FILE", description = "Session policy file (repeatable).")
        List<Path> sessionPolicies = new ArrayList<>();

        @Option(names = "--action", required = true)
        String action;

        @Option(names = "--resource", required = true)
        String resource;

        @Option(
                names = "--context",
                paramLabel = "KEY=VALUE",
                description = "Request context value; repeat a key for a multi-valued key.")
        List<String> context = new ArrayList<>();

        @Option(names = "--json", description = "Print the decision as JSON.")
        boolean json;

        @Override
        public Integer call() {
            PolicySet set;
            try {
                set = PolicySet.of(policies.stream().map(PolicyCommand::load).toList());
                if (!boundaries.isEmpty()) {
                    set = set.withBoundary(
                            boundaries.stream().map(PolicyCommand::load).toList());
                }
                if (!sessionPolicies.isEmpty()) {
                    set = set.withSessionPolicies(
                            sessionPolicies.stream().map(PolicyCommand::load).toList());
                }
            } catch (PolicyValidationException e) {
                throw new CliException(
                        "invalid policy at " + e.position() + ": " + e.getMessage() + " (" + e.reason() + ")");
            }
            RequestContext.Builder ctx = RequestContext.builder();
            for (String entry : context) {
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    throw new CliException("--context needs KEY=VALUE, got '" + entry + "'");
                }
                ctx.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
            Decision decision = PolicyEvaluator.evaluate(set, new AuthorizationRequest(action, resource, ctx.build()));
            var out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, decision.toJsonMap());
            } else {
                out.println(decision.allowed() ? "ALLOW" : "DENY");
                out.println(decision.explanation());
            }
            return 0;
        }
    }
}
