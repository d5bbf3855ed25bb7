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

/** {@code warden service-account ...}: applications and their API keys. */
@Command(name = "service-account", description = "Service accounts (applications) and their API keys.",
        subcommands = {ServiceAccountCommand.Create.class, ServiceAccountCommand.CreateKey.class,
                ServiceAccountCommand.RevokeKey.class})
final class ServiceAccountCommand {
    @ParentCommand
    WardenCommand parent;

    @Command(name = "create", description = "Create a service account.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        ServiceAccountCommand sa;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            AdminClient.admin(sa.parent.options).post("/service-accounts", Map.of("name", name));
            spec.commandLine().getOut().printf("Created service account %s%n", name);
            return 0;
        }
    }

    @Command(name = "create-key", description = "Create an API key; prints it once (only its hash is stored).")
    static final class CreateKey implements Callable<Integer> {
        @ParentCommand
        ServiceAccountCommand sa;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = "--expires-in-days", defaultValue = "90")
        int days;

        @Override
        public Integer call() {
            JsonNode key = AdminClient.admin(sa.parent.options).post("/service-accounts/" + Paths.segment(name) + "/keys",
                    Map.of("expiresInDays", days));
            spec.commandLine().getErr().printf("key %s expires %s%n", key.path("id").asText(), key.path("expiresAt").asText());
            spec.commandLine().getOut().println(key.path("key").asText());
            return 0;
        }
    }

    @Command(name = "revoke-key", description = "Revoke an API key at once.")
    static final class RevokeKey implements Callable<Integer> {
        @ParentCommand
        ServiceAccountCommand sa;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "KEY_ID")
        String id;

        @Override
        public Integer call() {
            AdminClient.admin(sa.parent.options).delete("/service-accounts/" + Paths.segment(name) + "/keys/" + Paths.segment(id));
            spec.commandLine().getOut().printf("Revoked key %s of %s%n", id, name);
            return 0;
        }
    }
}
