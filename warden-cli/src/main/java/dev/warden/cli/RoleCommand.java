package dev.warden.cli;

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

/** {@code warden role ...}: assumable roles and short-lived role sessions (sts:AssumeRole). */
@Command(
        name = "role",
        description = "Roles: create, assume.",
        subcommands = {RoleCommand.Create.class, RoleCommand.Assume.class})
final class RoleCommand {
    @ParentCommand
    WardenCommand parent;

    @Command(
            name = "create",
            description = "Create a role. The trust policy allows sts:AssumeRole on the ARNs of those who"
                    + " may assume it, e.g. arn:warden:iam::default:user/alice.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        RoleCommand role;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--trust-file", required = true, paramLabel = "FILE")
        Path trustFile;

        @Option(names = "--max-session-seconds", defaultValue = "3600")
        int maxSessionSeconds;

        @Override
        public Integer call() {
            AdminClient.admin(role.parent.options)
                    .post(
                            "/roles",
                            Map.of(
                                    "name",
                                    name,
                                    "trustPolicy",
                                    AdminClient.read(trustFile),
                                    "maxSessionSeconds",
                                    maxSessionSeconds));
            spec.commandLine().getOut().printf("Created role %s%n", name);
            return 0;
        }
    }

    @Command(
            name = "assume",
            description = "Assume a role; prints the session's access token (use it as WARDEN_TOKEN).")
    static final class Assume implements Callable<Integer> {
        @ParentCommand
        RoleCommand role;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(
                names = "--session-policy",
                paramLabel = "FILE",
                description = "A policy that narrows the session further.")
        Path sessionPolicy;

        @Option(names = "--duration", paramLabel = "SECONDS", description = "Session length (default 3600).")
        Integer duration;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            if (sessionPolicy != null) {
                body.put("sessionPolicy", AdminClient.read(sessionPolicy));
            }
            if (duration != null) {
                body.put("durationSeconds", duration);
            }
            spec.commandLine()
                    .getOut()
                    .println(AdminClient.admin(role.parent.options)
                            .post("/roles/" + Paths.segment(name) + "/assume", body)
                            .path("accessToken")
                            .asText());
            return 0;
        }
    }
}
