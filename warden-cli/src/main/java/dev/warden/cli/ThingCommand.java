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

/** {@code warden thing ...}: operations on a thing's data (its identity and certificates are under {@code device}). */
@Command(
        name = "thing",
        description = "A thing's data: erase (crypto-shredding).",
        subcommands = {ThingCommand.Erase.class})
final class ThingCommand {
    @ParentCommand
    WardenCommand parent;

    @Command(
            name = "erase",
            description = "Destroy the thing's data key and delete its stored telemetry; every copy of "
                    + "its records becomes unreadable. Irreversible; recorded in the audit trail.")
    static final class Erase implements Callable<Integer> {
        @ParentCommand
        ThingCommand thing;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--json", description = "Print the API's JSON answer.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode answer =
                    AdminClient.admin(thing.parent.options).post("/things/" + Paths.segment(name) + "/erase", Map.of());
            if (json) {
                Output.json(spec.commandLine().getOut(), answer);
            } else {
                spec.commandLine()
                        .getOut()
                        .printf(
                                "Erased %s: data key of %s destroyed, %d telemetry messages deleted%n",
                                name,
                                answer.path("dataOwner").asText(),
                                answer.path("messagesDeleted").asInt());
            }
            return 0;
        }
    }
}
