package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.e2e.E2eException;
import dev.warden.e2e.RecipientKeys;
import dev.warden.storage.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warden e2e ...}: payloads only the application can read. {@code keygen} and {@code open} run on the
 * application's side and never send the private keyset anywhere; {@code put}, {@code list}, {@code show} and
 * {@code delete} manage the public keysets devices seal to.
 */
@Command(
        name = "e2e",
        description = "End-to-end payloads: keygen and open (the application's side), put, list, show, delete of"
                + " recipients' public keysets.",
        subcommands = {
            E2eCommand.Keygen.class,
            E2eCommand.Put.class,
            E2eCommand.ListRecipients.class,
            E2eCommand.Show.class,
            E2eCommand.Delete.class,
            E2eCommand.Open.class
        })
final class E2eCommand {
    @ParentCommand
    WardenCommand parent;

    AdminClient admin() {
        return AdminClient.admin(parent.options);
    }

    static String path(String name) {
        return "/e2e/recipients/" + Paths.segment(name);
    }

    @Command(
            name = "keygen",
            description = "Make a recipient's keys here: the private keyset (0600) and its public one.")
    static final class Keygen implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The private keyset (a secret).")
        Path out;

        @Option(names = "--public-out", required = true, paramLabel = "FILE", description = "The public keyset.")
        Path publicOut;

        @Override
        public Integer call() {
            RecipientKeys keys = RecipientKeys.generate();
            SecureFiles.writeSecret(out, keys.toSecretJson(), false);
            SecureFiles.writePublic(publicOut, keys.publicJson());
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Wrote %s (mode 0600, keep it with the application) and %s (key %s)%n",
                            out,
                            publicOut,
                            Integer.toUnsignedString(keys.keyIds().get(0)));
            return 0;
        }
    }

    @Command(name = "put", description = "Publish a recipient's public keyset, that devices seal payloads to.")
    static final class Put implements Callable<Integer> {
        @ParentCommand
        E2eCommand e2e;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--public-keyset", required = true, paramLabel = "FILE")
        Path keyset;

        @Override
        public Integer call() {
            JsonNode done = e2e.admin().put(path(name), Map.of("publicKeyset", AdminClient.read(keyset)));
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Recipient %s: devices seal to key %s%n",
                            name, done.path("primaryKeyId").asText());
            return 0;
        }
    }

    @Command(name = "list", description = "List recipients.")
    static final class ListRecipients implements Callable<Integer> {
        @ParentCommand
        E2eCommand e2e;

        @Spec
        CommandSpec spec;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Output.listing(
                    spec.commandLine().getOut(),
                    json,
                    e2e.admin().get("/e2e/recipients"),
                    "recipients",
                    "name",
                    "primaryKeyId",
                    "updatedAt",
                    "updatedBy");
            return 0;
        }
    }

    @Command(name = "show", description = "Print a recipient's public keyset.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        E2eCommand e2e;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            spec.commandLine()
                    .getOut()
                    .println(e2e.admin().get(path(name)).path("publicKeyset").asText());
            return 0;
        }
    }

    @Command(name = "delete", description = "Withdraw a recipient: devices get no key for it any more.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        E2eCommand e2e;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            e2e.admin().delete(path(name));
            spec.commandLine().getOut().printf("Withdrew recipient %s%n", name);
            return 0;
        }
    }

    @Command(name = "open", description = "Open a sealed payload with the private keyset (the application's side).")
    static final class Open implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--keyset", required = true, paramLabel = "FILE", description = "The private keyset.")
        Path keyset;

        @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The topic it came on.")
        String topic;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The sealed payload.")
        Path file;

        @Override
        public Integer call() throws IOException {
            try {
                RecipientKeys.Opened opened =
                        RecipientKeys.fromSecretJson(AdminClient.read(keyset)).open(topic, Files.readAllBytes(file));
                spec.commandLine().getErr().println("message " + opened.messageId());
                spec.commandLine()
                        .getOut()
                        .print(new String(opened.payload(), java.nio.charset.StandardCharsets.UTF_8));
                spec.commandLine().getOut().flush();
                return 0;
            } catch (E2eException e) {
                throw new CliException(e.reason() + ": " + e.getMessage());
            }
        }
    }
}
